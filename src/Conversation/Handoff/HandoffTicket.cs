using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Handoff;

/// <summary>One conversation handed to the operators: its short id, the person (hub user) and where they wrote from.</summary>
public sealed record HandoffTicket(string Id, string HubUserId, ConversationRef Person, DateTimeOffset StartedAt)
{
    /// <summary>
    /// The inbound message that started it: the same message processed again (a redelivery, a retried worker) gets
    /// the same result, notice included, rather than "already asked".
    /// </summary>
    public string? MessageId { get; init; }

    /// <summary>
    /// When the message that started it was received: the person's messages from then on are the hand-off's (one sent
    /// right after <c>/human</c> may be received before the worker started the hand-off).
    /// </summary>
    public DateTimeOffset? AskedAt { get; init; }

    /// <summary>The summary the operators got (the admin API lists it).</summary>
    public string? Summary { get; init; }
}
