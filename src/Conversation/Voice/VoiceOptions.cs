using System.ComponentModel.DataAnnotations;

namespace ChatHub.Conversation.Voice;

/// <summary>Voice messages people send (<c>Voice</c>): limits on what is fetched and transcribed.</summary>
public sealed class VoiceOptions
{
    public const string SectionName = "Voice";

    /// <summary>The largest voice message fetched, in bytes (default 5 MB: about 20 minutes of a voice note's Opus). A larger one is refused with the reason.</summary>
    [Range(1024, 25 * 1024 * 1024)]
    public long MaxBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>The longest voice message transcribed (default 2 minutes); a longer one is refused with the reason, as declared and as measured.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long one download may take (the platform's file API and the transfer together).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one transcription may take (a server's, or whisper.cpp's in process).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan TranscribeTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a web-chat voice upload is kept for the message that refers to it.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan UploadTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The most bytes all web-chat voice uploads of this node may hold at once.</summary>
    [Range(1024 * 1024, 16L * 1024 * 1024 * 1024)]
    public long UploadStoreMaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The most voice uploads one conversation may hold at once.</summary>
    [Range(1, 100)]
    public int UploadsPerConversation { get; set; } = 5;
}
