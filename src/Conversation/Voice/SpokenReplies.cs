using ChatHub.Conversation.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Voice;

/// <summary>
/// Spoken replies to voice messages (<c>Inference:Speech:ReplyWithVoice</c>): whether a channel gets them (a speech
/// backend registered an <see cref="ITextToSpeechClient"/>, and the channel is in <see cref="VoiceOptions.SpokenChannels"/>),
/// and the audio of a reply's text: asked for within <see cref="VoiceOptions.SpeakTimeout"/>, at most
/// <see cref="VoiceOptions.MaxReplyAudioBytes"/>, and only Ogg (Opus) audio, which is what Telegram plays as a voice note.
/// A reply that cannot be spoken stays text only: one log line with our reason, never the text.
/// </summary>
public sealed partial class SpokenReplies
{
    private readonly ITextToSpeechClient? _speech;
    private readonly VoiceOptions _options;
    private readonly ILogger<SpokenReplies> _logger;

    public SpokenReplies(IOptions<VoiceOptions> options, ILogger<SpokenReplies> logger, ITextToSpeechClient? speech = null)
    {
        _speech = speech;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The most characters of an answer spoken.</summary>
    public int MaxCharacters => _options.MaxSpokenCharacters;

    /// <summary>True when people on <paramref name="channel"/> get spoken replies to their voice messages.</summary>
    public bool SpeaksOn(string channel) => _speech is not null && _options.SpokenChannels.Contains(channel, StringComparer.Ordinal);

    /// <summary>The audio of <paramref name="text"/> (plain words, already cut to <see cref="MaxCharacters"/>), or null when there is none to send.</summary>
    public async ValueTask<SpokenAudio?> SpeakAsync(string replyId, string channel, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_speech is null || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.SpeakTimeout);
        TextToSpeechResponse response;
        try
        {
            response = await _speech.GetAudioAsync(text, options: null, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Refuse(replyId, channel, $"no audio within {_options.SpeakTimeout}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Refuse(replyId, channel, $"the speech server failed ({e.GetType().Name})"); // the type only: a message may quote the request
        }

        if (response.Contents.OfType<DataContent>().FirstOrDefault() is not { } content)
        {
            return Refuse(replyId, channel, "the speech server answered no audio");
        }

        var audio = content.Data;
        if (audio.Length > _options.MaxReplyAudioBytes)
        {
            return Refuse(replyId, channel, $"the audio is {audio.Length} bytes, over Voice:MaxReplyAudioBytes");
        }

        if (AudioFormats.Sniff(audio.Span) != AudioFormats.Ogg)
        {
            return Refuse(replyId, channel, "the audio is not Ogg (ask the server for response_format opus)");
        }

        LogSpoken(_logger, replyId, channel, text.Length, audio.Length);
        return new SpokenAudio(audio.ToArray(), AudioFormats.Ogg, AudioFormats.OggOpusDuration(audio.Span));
    }

    private SpokenAudio? Refuse(string replyId, string channel, string reason)
    {
        LogNotSpoken(_logger, replyId, channel, reason);
        return null;
    }

    [LoggerMessage(EventId = 3995, Level = LogLevel.Information, Message = "Reply {ReplyId} to {Channel} spoken: {Characters} characters, {Bytes} bytes of audio")]
    private static partial void LogSpoken(ILogger logger, string replyId, string channel, int characters, int bytes);

    [LoggerMessage(EventId = 3996, Level = LogLevel.Warning, Message = "Reply {ReplyId} to {Channel} not spoken, sent as text only: {Reason}")]
    private static partial void LogNotSpoken(ILogger logger, string replyId, string channel, UntrustedText reason);
}
