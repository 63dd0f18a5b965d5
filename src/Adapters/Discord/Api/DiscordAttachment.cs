namespace ChatHub.Adapters.Discord.Api;

/// <summary>Discord's <c>Attachment</c> object of a message (the fields the hub reads).</summary>
internal sealed record DiscordAttachment
{
    public required string Id { get; init; }

    public string? Filename { get; init; }

    /// <summary>The media type Discord detected (<c>image/png</c>); absent for some files.</summary>
    public string? ContentType { get; init; }

    /// <summary>Size in bytes.</summary>
    public long? Size { get; init; }

    /// <summary>The CDN address (<c>https://cdn.discordapp.com/attachments/…</c>, signed).</summary>
    public string? Url { get; init; }

    public string? ProxyUrl { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }
}
