using System.ComponentModel.DataAnnotations;

namespace ChatHub.Conversation.WebChat;

/// <summary>
/// The web-chat transcript's size and lifetime, read from the web-chat section (<c>Channels:WebChat</c>) so the
/// settings keep their names; here, next to <see cref="IWebChatTranscript"/>, so a store of any backend can read them.
/// </summary>
public sealed class WebChatTranscriptOptions
{
    public const string SectionName = "Channels:WebChat";

    /// <summary>Final replies kept per conversation for reconnect catch-up.</summary>
    [Range(1, 10_000)]
    public int TranscriptSize { get; set; } = 100;

    /// <summary>A conversation's transcript is dropped this long after its last reply.</summary>
    public TimeSpan TranscriptTtl { get; set; } = TimeSpan.FromHours(24);
}
