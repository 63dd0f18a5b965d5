using ChatHub.Conversation.Commands;
using ChatHub.Conversation.Images;
using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Pipeline.Steps;

/// <summary>
/// One inbound message on its way through the worker's steps (<see cref="ITurnStep"/>): the message (a voice message's
/// transcript becomes its text), its person, the route's write under way, what earlier steps found out (the person
/// spoke; the pictures), and whether a step has answered it for good (<see cref="Finish"/>: the later steps do not run).
/// </summary>
internal sealed class Turn(InboundMessage message, string hubUserId, Task routed, TimeProvider time)
{
    public InboundMessage Message { get; set; } = message;

    public string HubUserId { get; } = hubUserId;

    /// <summary>The route's write: awaited before a command runs, before the routes are read, and before each reply is handed out.</summary>
    public Task Routed { get; } = routed;

    /// <summary>The message was a voice message, transcribed: its answer may be spoken.</summary>
    public bool Spoke { get; set; }

    /// <summary>The question as moderation lets it through (masked words masked): what the engine and the session get.</summary>
    public string Question { get; set; } = message.Text;

    /// <summary>The pictures as the model gets them (or a notice about them).</summary>
    public ImageInput Images { get; set; } = ImageInput.None;

    public bool Finished { get; private set; }

    public TimeProvider Time => time;

    /// <summary>No later step runs: this message is answered (or deliberately not).</summary>
    public void Finish() => Finished = true;

    /// <summary>The final reply to the message (<see cref="OutboundMessage.FinalReplyTo"/>).</summary>
    public OutboundMessage Reply(string text, string source) => OutboundMessage.FinalReplyTo(Message, text, source, time.GetUtcNow());

    /// <summary>A notice of its own before the reply, with the reply's id and <paramref name="suffix"/>.</summary>
    public OutboundMessage Notice(string text, string suffix) =>
        Reply(text, ReplySource.System) with { Kind = OutboundKind.Notice, Id = MessageIds.ReplyTo(Message.Id) + suffix };

    /// <summary>The notifications of a command's result, as outbound messages.</summary>
    public IEnumerable<OutboundMessage> Notices(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return (result.Notifications ?? []).Select(Notify);
    }

    /// <summary>
    /// A notification as an outbound message. Its id is derived from the notification's key, its place and the inbound
    /// message's id: processing the message again (a redelivery, a retried worker) makes the same ids, which egress
    /// sends once.
    /// </summary>
    public OutboundMessage Notify(Notification notification, int index)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return new()
        {
            Id = $"nt_{notification.Key}{(notification.Key is null ? "" : "_")}{index}_{MessageIds.ReplyTo(Message.Id)[3..]}",
            Conversation = notification.Conversation,
            Kind = OutboundKind.Final,
            Text = notification.Text,
            Suggestions = notification.Suggestions,
            Source = ReplySource.System,
            InReplyTo = Message.Id,
            CreatedAt = time.GetUtcNow(),
        };
    }
}
