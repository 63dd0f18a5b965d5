using ChatHub.Adapters.Abstractions.Formatting;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.WebChat;

namespace ChatHub.Hub.Realtime;

/// <summary>
/// What the widget receives with <c>Reply</c> (docs/web-chat-protocol.md): the stored <see cref="WebChatReply"/> plus,
/// for an answer, its Markdown parsed by the hub (<see cref="Blocks"/>, <see cref="FormattedText"/>), which the widget
/// turns into DOM without parsing anything itself (<c>Widget/src/markdown.js</c>). Null for the hub's own plain-text
/// replies; an older widget ignores it and shows <see cref="Text"/>. <see cref="Suggestions"/>: the answer's suggested
/// replies, shown as chips (null when none); <see cref="Links"/>: its link buttons, shown as links with their real
/// address (null when none).
/// </summary>
public sealed record WebChatReplyMessage(
    string Id, string? InReplyTo, string Text, bool Final, string Source, long Seq, bool Error, IReadOnlyList<MarkdownBlock>? Blocks,
    IReadOnlyList<string>? Suggestions = null, IReadOnlyList<LinkButton>? Links = null)
{
    public static WebChatReplyMessage From(WebChatReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var blocks = FormattedText.IsMarkdown(reply.Source, reply.Error) ? FormattedText.Parse(reply.Text).Blocks : null;
        return new(reply.Id, reply.InReplyTo, reply.Text, reply.Final, reply.Source, reply.Seq, reply.Error, blocks, reply.Suggestions, reply.Links);
    }
}
