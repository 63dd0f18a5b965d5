using ChatHub.Conversation.Telemetry;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Moderation;

/// <summary>Applies the sensitive-word filter to inbound text (block or mask) and to replies (mask).</summary>
public sealed class ModerationService
{
    private readonly WordListMonitor? _words;
    private readonly ModerationOptions _options;

    public ModerationService(IOptions<ModerationOptions> options, WordListMonitor words)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _words = _options.Enabled ? words : null;
    }

    private ModerationService()
    {
        _options = new ModerationOptions { Enabled = false };
    }

    /// <summary>A service that lets everything through (moderation off).</summary>
    public static ModerationService Disabled { get; } = new();

    public ModerationVerdict CheckInbound(string text, string channel)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_words is null || !_words.Current.Matches(text))
        {
            return new ModerationVerdict(false, false, text);
        }

        var blocked = _options.InboundAction == ModerationAction.Block;
        ChatHubTelemetry.Moderated.Add(1, new("direction", "inbound"), new("action", blocked ? "blocked" : "masked"), new("channel", channel));
        return new ModerationVerdict(blocked, true, blocked ? text : _words.Current.Mask(text));
    }

    /// <summary>
    /// The text with listed words masked whenever moderation is on, whatever the inbound action and output filtering
    /// say (for a model's whole prompt: knowledge passages and tool results included); not counted as a moderated message.
    /// </summary>
    public string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _words is null ? text : _words.Current.Mask(text);
    }

    /// <summary>The reply with listed words masked (when output filtering is on).</summary>
    public string FilterOutput(string text)
    {
        if (_words is null || !_options.FilterOutput)
        {
            return text;
        }

        var masked = _words.Current.MaskMemoized(text); // replies repeat (cache, knowledge base)
        if (!ReferenceEquals(masked, text))
        {
            ChatHubTelemetry.Moderated.Add(1, new("direction", "outbound"), new("action", "masked"));
        }

        return masked;
    }
}
