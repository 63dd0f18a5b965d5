using ChatHub.Inference.LlamaCpp;
using Microsoft.Extensions.AI;

namespace ChatHub.Bench;

/// <summary>The fixed prompt set: sixteen short first-turn questions, through the model's chat template with a system prompt.</summary>
internal static class BenchPrompts
{
    public const string SystemPrompt = "You are ChatHub's helpful assistant. Answer briefly and politely.";

    public static readonly string[] Questions =
    [
        "What is ChatHub?", "How do I add a Telegram bot?", "Can you tell me a short story?", "What time is it?",
        "How does the web widget work?", "Why is my bot not answering?", "What is the weather like today?",
        "Explain continuous batching.", "How many users can one node serve?", "Hello! Who are you?",
        "What does quantization do?", "Can I use my own model?", "Please help me write a message.",
        "Where are messages stored?", "How do I reset my password?", "Thanks, that was helpful!",
    ];

    public static int[][] Tokenize(LlamaModel model)
    {
        var builder = new LlamaPromptBuilder(model, SystemPrompt, template: null);
        return Questions.Select(question => builder.Build([new ChatMessage(ChatRole.User, question)], 4096, out _)).ToArray();
    }
}
