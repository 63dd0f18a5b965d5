using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.WebChat;

/// <summary>
/// The object the server sends with <c>Reply</c> (protocol: docs/web-chat-protocol.md). <paramref name="InReplyTo"/>
/// is the client's message id; <paramref name="Seq"/> is &gt; 0 for final replies (the catch-up cursor), 0 otherwise;
/// <paramref name="Suggestions"/> are the suggested replies of a final answer (shown as chips), null when none;
/// <see cref="Links"/> its link buttons (shown as links with their real address), null when none.
/// </summary>
public sealed record WebChatReply(
    string Id, string? InReplyTo, string Text, bool Final, string Source, long Seq, bool Error, IReadOnlyList<string>? Suggestions = null)
{
    public IReadOnlyList<LinkButton>? Links { get; init; }
}
