namespace ChatHub.Adapters.Telegram.BotApi;

/// <summary>Telegram's <c>Message</c> (also the <c>MaybeInaccessibleMessage</c> of a callback query, whose date is 0).</summary>
internal sealed record Message
{
    public long MessageId { get; init; }

    /// <summary>The forum topic (or reply thread in supergroups); a topic only when <see cref="IsTopicMessage"/>.</summary>
    public long? MessageThreadId { get; init; }

    public bool? IsTopicMessage { get; init; }

    /// <summary>Absent for channel posts.</summary>
    public User? From { get; init; }

    /// <summary>The channel or group a message was sent on behalf of (channel posts, anonymous admins).</summary>
    public Chat? SenderChat { get; init; }

    /// <summary>Unix seconds; 0 for an inaccessible message.</summary>
    public long Date { get; init; }

    public required Chat Chat { get; init; }

    /// <summary>Unix seconds of the last edit (edited messages only).</summary>
    public long? EditDate { get; init; }

    public string? Text { get; init; }

    public IReadOnlyList<MessageEntity>? Entities { get; init; }

    public string? Caption { get; init; }

    public IReadOnlyList<MessageEntity>? CaptionEntities { get; init; }

    public Message? ReplyToMessage { get; init; }
}
