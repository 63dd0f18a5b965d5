using System.ComponentModel.DataAnnotations;
using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Voice;

/// <summary>
/// Voice messages people send (<c>Voice</c>): limits on what is fetched and transcribed; and the spoken replies to them
/// (<c>Inference:Speech:ReplyWithVoice</c>): on which channels, how much is spoken, and the limits on the audio.
/// </summary>
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

    /// <summary>The channels that can play a spoken reply: Telegram (a voice note) and the web chat (played in the page).</summary>
    public static IReadOnlyList<string> SpeakingChannels { get; } = [ChannelNames.Telegram, ChannelNames.WebChat];

    /// <summary>
    /// The channels whose people get spoken replies to their voice messages (when <c>Inference:Speech:ReplyWithVoice</c>
    /// is on); empty: every channel that can play them (<see cref="SpeakingChannels"/>).
    /// </summary>
    public string[]? ReplyChannels { get; set; }

    /// <summary>The most characters of an answer spoken (default 1,500: about a minute and a half); a longer answer is spoken up to the last sentence that fits.</summary>
    [Range(50, 4096)]
    public int MaxSpokenCharacters { get; set; } = 1500;

    /// <summary>How long the speech server may take for one reply; past it the reply stays text only.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan SpeakTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest spoken reply accepted from the speech server (default 10 MB); a larger one is not sent.</summary>
    [Range(1024, 50L * 1024 * 1024)]
    public long MaxReplyAudioBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The channels that get spoken replies (<see cref="ReplyChannels"/>, or every one that can play them).</summary>
    public IReadOnlyList<string> SpokenChannels => ReplyChannels is { Length: > 0 } channels ? channels : SpeakingChannels;
}
