namespace ChatHub.Conversation.Voice;

/// <summary>
/// A voice message a person sent, by reference: where the platform keeps the audio, never the bytes. The worker fetches
/// it from that platform with the platform's own credentials (<see cref="IVoiceSource"/>) when a speech backend is
/// configured, keeps the bytes only while it is transcribed, and answers the transcript as if it had been typed.
/// </summary>
public sealed record VoiceAttachment
{
    /// <summary>The channel whose <see cref="IVoiceSource"/> can fetch it (the channel of the message, <c>ChannelNames</c>).</summary>
    public required string Channel { get; init; }

    /// <summary>The platform's id for the file: Telegram's <c>file_id</c>, Discord's attachment id, the web chat's upload id.</summary>
    public required string FileId { get; init; }

    /// <summary>
    /// The platform's address of the file, where it has one (Discord's CDN URL). It came in the payload, so it is only
    /// ever fetched when its host is the platform's own (the sources check, not the mapper).
    /// </summary>
    public string? Url { get; init; }

    /// <summary>The media type the platform declared (<c>audio/ogg</c>); checked against the allow-list, and the bytes are sniffed anyway.</summary>
    public string? DeclaredType { get; init; }

    /// <summary>The size in bytes the platform declared, if any; over <see cref="VoiceOptions.MaxBytes"/> it is not fetched.</summary>
    public long? DeclaredBytes { get; init; }

    /// <summary>The length the platform declared (Telegram's <c>duration</c>, Discord's <c>duration_secs</c>); over <see cref="VoiceOptions.MaxDuration"/> it is not fetched.</summary>
    public TimeSpan? DeclaredDuration { get; init; }
}
