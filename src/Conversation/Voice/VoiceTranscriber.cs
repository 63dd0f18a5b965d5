using ChatHub.Conversation.Images;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Voice;

/// <summary>
/// Turns a message's <see cref="VoiceAttachment"/> into its transcript: without a speech backend (no
/// <see cref="ISpeechToTextClient"/>) it fetches nothing and says so politely; otherwise the voice message is checked
/// (declared type, size and length), fetched by its channel's <see cref="IVoiceSource"/> within
/// <see cref="VoiceOptions.FetchTimeout"/>, read to at most <see cref="VoiceOptions.MaxBytes"/>, told from its first
/// bytes (Ogg or WebM), measured (an Ogg stream's length), and transcribed within <see cref="VoiceOptions.TranscribeTimeout"/>.
/// Each refusal is one log line and one sentence for the person; the bytes live only while the transcription runs, and
/// neither they nor the transcript are logged.
/// </summary>
public sealed partial class VoiceTranscriber
{
    /// <summary>Said when no speech backend is configured.</summary>
    public const string CannotListenReply = "I can't listen to voice messages yet.";

    /// <summary>Added when the message had no text to answer besides the voice message.</summary>
    public const string TypeInstead = " Please type your question, and I'll gladly help.";

    /// <summary>Said when the voice message held no words.</summary>
    public const string NothingHeardReply = "I could not make out any words in your voice message. Please try again, or type your question.";

    private readonly ISpeechToTextClient? _speech;
    private readonly Dictionary<string, IVoiceSource> _sources;
    private readonly VoiceOptions _options;
    private readonly ILogger<VoiceTranscriber> _logger;

    public VoiceTranscriber(
        IEnumerable<IVoiceSource> sources, IOptions<VoiceOptions> options, ILogger<VoiceTranscriber> logger, ISpeechToTextClient? speech = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        _speech = speech;
        _sources = sources.ToDictionary(source => source.Channel, StringComparer.Ordinal);
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Whether voice messages are transcribed at all (a speech backend is configured).</summary>
    public bool CanListen => _speech is not null;

    /// <summary>The first line of the answer to a voice message: what the hub heard, so the person can tell.</summary>
    public static string Heard(string transcript) => $"🎤 “{transcript}”";

    public async ValueTask<VoiceInput> TranscribeAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Voice is not { } voice)
        {
            return VoiceInput.None;
        }

        if (_speech is null)
        {
            LogNoSpeech(_logger, message.Id);
            return new VoiceInput(null, CannotListen(message));
        }

        var channel = message.Conversation.Channel;
        if (!AudioFormats.MayBeAllowed(voice.DeclaredType))
        {
            return Refuse(message, "the declared type is not Ogg or WebM audio", "I can only listen to voice messages (Ogg or WebM Opus audio).");
        }

        if (voice.DeclaredBytes > _options.MaxBytes)
        {
            return Refuse(message, $"declared size {voice.DeclaredBytes} bytes is over Voice:MaxBytes", TooLarge(voice.DeclaredBytes.Value));
        }

        if (voice.DeclaredDuration > _options.MaxDuration)
        {
            return Refuse(message, $"declared length {voice.DeclaredDuration} is over Voice:MaxDuration", TooLong(voice.DeclaredDuration.Value));
        }

        if (voice.Channel != channel || !_sources.TryGetValue(channel, out var source))
        {
            return Refuse(message, "no voice source for the channel", "I can't open voice messages sent from here yet.");
        }

        var (audio, refused) = await FetchAsync(message, voice, source, cancellationToken);
        return audio is null ? refused! : await TranscribeAsync(message, audio, cancellationToken);
    }

    /// <summary>The audio, or the refusal.</summary>
    private async ValueTask<(byte[]? Audio, VoiceInput? Refused)> FetchAsync(InboundMessage message, VoiceAttachment voice, IVoiceSource source, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.FetchTimeout);
        try
        {
            await using var download = await source.OpenAsync(message, voice, timeout.Token);
            if (download.Content is not { } content)
            {
                return (null, Refuse(message, download.LogReason ?? "refused by the source", download.Refusal ?? "I could not open your voice message."));
            }

            if (download.Length > _options.MaxBytes)
            {
                return (null, Refuse(message, $"announced length {download.Length} bytes is over Voice:MaxBytes", TooLarge(download.Length.Value)));
            }

            var bytes = await ImageResolver.ReadBoundedAsync(content, _options.MaxBytes, timeout.Token);
            if (bytes is null)
            {
                return (null, Refuse(message, "the transfer went over Voice:MaxBytes", TooLarge(_options.MaxBytes + 1)));
            }

            if (AudioFormats.Sniff(bytes) is not { } mediaType)
            {
                return (null, Refuse(message, "the bytes are not Ogg or WebM", "I can only listen to voice messages (Ogg or WebM Opus audio)."));
            }

            if (mediaType == AudioFormats.Ogg && AudioFormats.OggOpusDuration(bytes) is { } measured && measured > _options.MaxDuration)
            {
                return (null, Refuse(message, $"measured length {measured} is over Voice:MaxDuration", TooLong(measured)));
            }

            LogFetched(_logger, message.Id, message.Conversation.Channel, bytes.Length, mediaType);
            return (bytes, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, Refuse(message, $"no answer within {_options.FetchTimeout}", "I could not download your voice message in time. Please try again."));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A voice message that cannot be had never fails the message. The type only: an exception's message may carry a platform URL.
            return (null, Refuse(message, $"the download failed ({e.GetType().Name})", "I could not download your voice message. Please try again."));
        }
    }

    private async ValueTask<VoiceInput> TranscribeAsync(InboundMessage message, byte[] audio, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.TranscribeTimeout);
        string text;
        try
        {
            var options = new SpeechToTextOptions { SpeechLanguage = Language(message.Locale) };
            using var stream = new MemoryStream(audio, writable: false);
            var response = await _speech!.GetTextAsync(stream, options, timeout.Token);
            text = TextSanitizer.Clean(response.Text ?? "").Trim();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Refuse(message, $"no transcript within {_options.TranscribeTimeout}", "I could not listen to your voice message in time. Please try again, or type your question.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Refuse(message, $"the transcription failed ({e.GetType().Name})", "I could not listen to your voice message just now. Please try again, or type your question.");
        }

        if (text.Length == 0)
        {
            return Refuse(message, "the transcript is empty", NothingHeardReply);
        }

        LogTranscribed(_logger, message.Id, message.Conversation.Channel, text.Length);
        return new VoiceInput(text, null);
    }

    private static string CannotListen(InboundMessage message) =>
        CannotListenReply + (string.IsNullOrWhiteSpace(message.Text) ? TypeInstead : " Here is my answer to your text.");

    /// <summary>The two-letter language of a BCP 47 locale (<c>de-AT</c> → <c>de</c>), for the speech backend; null when there is none.</summary>
    private static string? Language(string? locale)
    {
        var language = locale?.Split('-', '_')[0].Trim().ToLowerInvariant();
        return language is { Length: 2 } && language.All(char.IsAsciiLetterLower) ? language : null;
    }

    private string TooLarge(long bytes) =>
        $"Your voice message is too large ({ImageFormats.Describe(bytes)}; the limit is {ImageFormats.Describe(_options.MaxBytes)}). Please send a shorter one.";

    private string TooLong(TimeSpan length) =>
        $"Your voice message is too long ({Describe(length)}; the limit is {Describe(_options.MaxDuration)}). Please send a shorter one, or type your question.";

    private static string Describe(TimeSpan length) => length.TotalSeconds < 60
        ? $"{Math.Ceiling(length.TotalSeconds):0} s"
        : $"{(int)length.TotalMinutes} min {length.Seconds} s";

    private VoiceInput Refuse(InboundMessage message, string logReason, string refusal)
    {
        LogRefused(_logger, message.Id, message.Conversation.Channel, logReason);
        return new VoiceInput(null, refusal);
    }

    [LoggerMessage(EventId = 3991, Level = LogLevel.Information, Message = "Message {MessageId} has a voice message, but no speech backend is configured: the person is told")]
    private static partial void LogNoSpeech(ILogger logger, string messageId);

    [LoggerMessage(EventId = 3992, Level = LogLevel.Information, Message = "Voice message {MessageId} from {Channel} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string messageId, string channel, UntrustedText reason);

    [LoggerMessage(EventId = 3993, Level = LogLevel.Debug, Message = "Voice message {MessageId} from {Channel} fetched: {Bytes} bytes, {MediaType}")]
    private static partial void LogFetched(ILogger logger, string messageId, string channel, int bytes, string mediaType);

    [LoggerMessage(EventId = 3994, Level = LogLevel.Information, Message = "Voice message {MessageId} from {Channel} transcribed: {Characters} characters")]
    private static partial void LogTranscribed(ILogger logger, string messageId, string channel, int characters);
}
