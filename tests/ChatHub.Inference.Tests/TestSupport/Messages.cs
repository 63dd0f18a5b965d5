using Microsoft.Extensions.AI;

namespace ChatHub.Inference.Tests.TestSupport;

internal static class Messages
{
    public static ChatMessage[] Ask(string question) => [new ChatMessage(ChatRole.User, question)];

    public static ChatMessage[] Conversation(params (ChatRole Role, string Text)[] turns) =>
        turns.Select(turn => new ChatMessage(turn.Role, turn.Text)).ToArray();
}
