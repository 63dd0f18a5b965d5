namespace ChatHub.Conversation.Messages;

/// <summary>A reply (or typing indicator, or partial reply) on its way to a platform.</summary>
public sealed record OutboundMessage
{
    /// <summary>The reply's id; partial replies share the id of the final one.</summary>
    public required string Id { get; init; }

    public required ConversationRef Conversation { get; init; }

    public required OutboundKind Kind { get; init; }

    /// <summary>The text; for <see cref="OutboundKind.Partial"/> the whole text so far. Empty for typing.</summary>
    public string Text { get; init; } = "";

    /// <summary>The hub id of the inbound message this answers.</summary>
    public string? InReplyTo { get; init; }

    /// <summary>The platform message this answer threads to (<see cref="InboundMessage.ReplyAnchorId"/> of the question); null: not threaded.</summary>
    public string? ReplyToPlatformMessageId { get; init; }

    /// <summary>Which engine answered: cache, knowledge, model or system (see <see cref="ReplySource"/>).</summary>
    public string Source { get; init; } = ReplySource.System;

    /// <summary>True when the reply reports a problem with the person's message (rejected input, failure).</summary>
    public bool IsError { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When ingress accepted the message this answers (stamped by the worker; for end-to-end latency).</summary>
    public DateTimeOffset? InboundAcceptedAt { get; init; }

    /// <summary>
    /// Suggested replies for a final answer (<see cref="SuggestedReplies"/>: at most 5, each at most 64 characters), shown
    /// as buttons or chips where the platform has them; null when there are none.
    /// </summary>
    public IReadOnlyList<string>? Suggestions
    {
        get => _suggestions;
        init => _suggestions = SuggestedReplies.Normalize(value);
    }

    private readonly IReadOnlyList<string>? _suggestions;

    /// <summary>
    /// Link buttons for a final answer (<see cref="LinkButtons"/>: at most 3, http(s) addresses), opened in the person's
    /// browser; null when there are none.
    /// </summary>
    public IReadOnlyList<LinkButton>? Links
    {
        get => _links;
        init => _links = LinkButtons.Normalize(value);
    }

    private readonly IReadOnlyList<LinkButton>? _links;

    /// <summary>
    /// The answer to speak after the text (Markdown, without the sources line), for a final reply to a voice message on a
    /// channel with spoken replies (<c>Inference:Speech:ReplyWithVoice</c>); null: text only. The adapter speaks it
    /// (<see cref="Voice.SpokenReplies"/>) once the text is delivered; a reply that cannot be spoken stays text.
    /// </summary>
    public string? SpokenText { get; init; }

    /// <summary>Platform-specific values copied from the inbound message.</summary>
    public IReadOnlyDictionary<string, string>? Properties { get; init; }

    /// <summary>
    /// The final reply to <paramref name="message"/>: its deterministic id (<see cref="MessageIds.ReplyTo"/>), threaded to
    /// it, in its conversation, with its platform properties.
    /// </summary>
    public static OutboundMessage FinalReplyTo(InboundMessage message, string text, string source, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new()
        {
            Id = MessageIds.ReplyTo(message.Id),
            Conversation = message.Conversation,
            Kind = OutboundKind.Final,
            Text = text,
            Source = source,
            InReplyTo = message.Id,
            ReplyToPlatformMessageId = message.ReplyAnchorId,
            CreatedAt = createdAt,
            Properties = message.Properties,
        };
    }

    /// <summary>The error reply ingress sends when it rejects <paramref name="message"/> (empty, too long), with the reason.</summary>
    public static OutboundMessage RejectionOf(InboundMessage message, string? reason, DateTimeOffset createdAt) =>
        FinalReplyTo(message, reason ?? "That message cannot be handled.", ReplySource.System, createdAt) with { IsError = true };
}
