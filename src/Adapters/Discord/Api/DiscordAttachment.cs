namespace ChatHub.Adapters.Discord.Api;

/// <summary>Discord's <c>Attachment</c> object of a message (only the fields the hub reads are bound: a malformed other field cannot refuse the message).</summary>
internal sealed record DiscordAttachment
{
    public required string Id { get; init; }

    /// <summary>The media type Discord detected (<c>image/png</c>); absent for some files.</summary>
    public string? ContentType { get; init; }

    /// <summary>Size in bytes.</summary>
    public long? Size { get; init; }

    /// <summary>The CDN address (<c>https://cdn.discordapp.com/attachments/…</c>, signed).</summary>
    public string? Url { get; init; }

    /// <summary>The length in seconds of a voice message's audio (present on voice messages only).</summary>
    public double? DurationSecs { get; init; }
}
