namespace ChatHub.Conversation.Images;

/// <summary>
/// An image a person sent, by reference: where the platform keeps it, never the bytes. The worker fetches it from
/// that platform with the platform's own credentials (<see cref="IImageSource"/>) when the model can look at images,
/// and keeps the bytes only while the model call lasts.
/// </summary>
public sealed record ImageAttachment
{
    /// <summary>The channel whose <see cref="IImageSource"/> can fetch it (the channel of the message, <c>ChannelNames</c>).</summary>
    public required string Channel { get; init; }

    /// <summary>
    /// The platform's id for the file: Telegram's <c>file_id</c>, Discord's attachment id, the web chat's upload id; for
    /// Teams, the attachment's content URL.
    /// </summary>
    public required string FileId { get; init; }

    /// <summary>
    /// The platform's address of the file, where it has one (Discord's CDN URL, Teams' content URL). It came in the
    /// payload, so it is only ever fetched when its host is the platform's own (the sources check, not the mapper).
    /// </summary>
    public string? Url { get; init; }

    /// <summary>The media type the platform declared (<c>image/png</c>); checked against the allow-list, and the bytes are sniffed anyway.</summary>
    public string? DeclaredType { get; init; }

    /// <summary>The size in bytes the platform declared, if any; over <see cref="ImageOptions.MaxBytes"/> it is not fetched.</summary>
    public long? DeclaredBytes { get; init; }
}
