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
}
