namespace ChatHub.Adapters.Discord.Api;

/// <summary>
/// Discord's <c>Message</c>: the <c>d</c> of MESSAGE_CREATE (with the gateway extras <see cref="GuildId"/> and
/// <see cref="Member"/>) and the answer of create/edit message.
/// </summary>
internal sealed record DiscordMessage
{
    public required string Id { get; init; }

    public required string ChannelId { get; init; }

    /// <summary>Absent in direct messages.</summary>
    public string? GuildId { get; init; }

    public DiscordUser? Author { get; init; }

    public DiscordMember? Member { get; init; }

    /// <summary>Empty without the MESSAGE_CONTENT intent, except in DMs and messages that mention the bot.</summary>
    public string? Content { get; init; }

    /// <summary>0 default, 19 reply; others are system messages (joins, pins, …).</summary>
    public int Type { get; init; }

    public IReadOnlyList<DiscordUser>? Mentions { get; init; }

    /// <summary>Files sent with the message (needs the MESSAGE_CONTENT intent outside DMs and mentions).</summary>
    public IReadOnlyList<DiscordAttachment>? Attachments { get; init; }

    public bool? MentionEveryone { get; init; }

    /// <summary>The message's flags (a bit field); <see cref="VoiceMessageFlag"/> marks a voice message.</summary>
    public long? Flags { get; init; }

    /// <summary>IS_VOICE_MESSAGE (1 &lt;&lt; 13): the message is a voice message, its one attachment the Ogg Opus audio.</summary>
    public const long VoiceMessageFlag = 1 << 13;

    public string? Timestamp { get; init; }

    public string? WebhookId { get; init; }

    public MessageReference? MessageReference { get; init; }

    /// <summary>The message replied to (type 19), when Discord could load it.</summary>
    public DiscordMessage? ReferencedMessage { get; init; }

    /// <summary>Buttons on the message (the bot's suggested replies).</summary>
    public IReadOnlyList<MessageComponent>? Components { get; init; }
}
