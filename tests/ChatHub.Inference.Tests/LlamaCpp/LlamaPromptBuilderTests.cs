using ChatHub.Inference.LlamaCpp;
using ChatHub.Inference.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.Tests.LlamaCpp;

[Collection(LlamaCollection.Name)]
public sealed class LlamaPromptBuilderTests(LlamaFixture fixture)
{
    [Fact]
    public void Build_RememberedReply_PutsItBackAsTheTokensItWasGeneratedAs()
    {
        using var model = LlamaModel.Load(fixture.TinyModelPath);
        var replies = new LlamaReplyTokens();
        var builder = new LlamaPromptBuilder(model, "You are a test.", template: null, replies);
        var first = builder.Build(Messages.Ask("hello there"), 1000, out _);
        int[] generated = [.. model.Tokenize(" sunny and warm", addSpecial: false, parseSpecial: false), 7, 7]; // not what the text tokenizes to
        replies.Remember("sunny and warm!", generated);

        var second = builder.Build([.. Messages.Ask("hello there"), new(ChatRole.Assistant, "sunny and warm!"), new(ChatRole.User, "and tomorrow?")], 1000, out _);

        Assert.Equal(first, second[..first.Length]); // the follow-up's prompt starts with the first prompt...
        Assert.Equal(generated, second[first.Length..(first.Length + generated.Length)]); // ...then the reply as generated
        var plain = new LlamaPromptBuilder(model, "You are a test.", template: null)
            .Build([.. Messages.Ask("hello there"), new(ChatRole.Assistant, "sunny and warm!"), new(ChatRole.User, "and tomorrow?")], 1000, out _);
        Assert.Equal(plain[^8..], second[^8..]); // the rest as usual
        Assert.NotEqual(plain, second);
    }

    [Fact]
    public void Build_ReplyNotRemembered_TokenizesItsText()
    {
        using var model = LlamaModel.Load(fixture.TinyModelPath);
        var replies = new LlamaReplyTokens();
        replies.Remember("something else", [5, 6, 7]);
        List<ChatMessage> chat = [.. Messages.Ask("hello there"), new(ChatRole.Assistant, "sunny"), new(ChatRole.User, "and tomorrow?")];

        var withMemory = new LlamaPromptBuilder(model, "You are a test.", template: null, replies).Build(chat, 1000, out _);
        var without = new LlamaPromptBuilder(model, "You are a test.", template: null).Build(chat, 1000, out _);

        Assert.Equal(without, withMemory);
    }

    /// <summary>
    /// Issue 22: the model stage puts the conversation summary and the person's facts into its system message; with a
    /// long conversation and a small budget, the prompt is counted with the model's tokenizer, stays within the budget,
    /// and drops the oldest turns, never the system message that carries the summary.
    /// </summary>
    [Fact]
    public void Build_LongConversationWithASummaryInTheSystemMessage_WithinTheBudget_OldestTurnsDropped_SummaryKept()
    {
        using var model = LlamaModel.Load(fixture.TinyModelPath);
        var builder = new LlamaPromptBuilder(model, "You are a test.", template: null);
        var system = new ChatMessage(ChatRole.System, "You are a test. A summary of your earlier conversation with this person: \""
            + string.Join(" ", Enumerable.Range(0, 40).Select(i => $"fact{i} about the person")) + "\"");
        List<ChatMessage> chat = [system];
        for (var i = 0; i < 30; i++)
        {
            chat.Add(new ChatMessage(ChatRole.User, $"question {i}: tell me about trains and the weather in town {i}"));
            chat.Add(new ChatMessage(ChatRole.Assistant, $"answer {i}: trains run every hour and the weather in town {i} is mild"));
        }

        chat.Add(new ChatMessage(ChatRole.User, "and now?"));
        var minimal = builder.Build([system, new ChatMessage(ChatRole.User, "and now?")], 100_000, out _);
        var budget = minimal.Length + 120;

        var prompt = builder.Build(chat, budget, out var dropped);

        Assert.True(prompt.Length <= budget, $"{prompt.Length} tokens for a budget of {budget}");
        Assert.True(dropped > 0);
        var systemPart = minimal.Length * 6 / 10; // the long system message dominates the minimal prompt
        Assert.Equal(minimal[..systemPart], prompt[..systemPart]);
    }
}
