using ChatHub.Inference.OpenAiCompatible;
using Microsoft.Extensions.AI;
using OpenAI.Audio;

namespace ChatHub.Inference.Speech;

/// <summary>
/// An OpenAI-compatible <c>/v1/audio/speech</c> server behind <see cref="ITextToSpeechClient"/>: Microsoft.Extensions.AI.OpenAI's
/// client on the OpenAI package's <see cref="AudioClient"/> (JSON <c>model</c>, <c>input</c>, <c>voice</c>,
/// <c>response_format</c>; the answer is the audio's bytes), with the configured voice and Ogg Opus
/// (<c>response_format: opus</c>, what Telegram plays as a voice note and browsers play) unless the caller asks for
/// others. The package's retries are off; the HTTP client is this one's own unless one is given.
/// </summary>
public sealed class OpenAiCompatibleTextToSpeechClient : DelegatingTextToSpeechClient
{
    /// <summary>The format asked for unless the caller names one: Ogg Opus.</summary>
    public const string DefaultAudioFormat = "opus";

    private readonly HttpClient? _ownHttpClient;
    private readonly string _voice;

    public OpenAiCompatibleTextToSpeechClient(SpeechOptions options, HttpClient? httpClient = null)
        : this(Validated(options), httpClient ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, ownsHttpClient: httpClient is null)
    {
    }

    private OpenAiCompatibleTextToSpeechClient(SpeechOptions options, HttpClient httpClient, bool ownsHttpClient)
        : base(Create(options, httpClient))
    {
        _ownHttpClient = ownsHttpClient ? httpClient : null;
        _voice = options.ReplyVoice!;
    }

    public override Task<TextToSpeechResponse> GetAudioAsync(string text, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetAudioAsync(text, WithDefaults(options), cancellationToken);

    public override IAsyncEnumerable<TextToSpeechResponseUpdate> GetStreamingAudioAsync(
        string text, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingAudioAsync(text, WithDefaults(options), cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ownHttpClient?.Dispose(); // a given HttpClient belongs to its owner
        }

        base.Dispose(disposing);
    }

    private TextToSpeechOptions WithDefaults(TextToSpeechOptions? options)
    {
        var copy = options?.Clone() ?? new TextToSpeechOptions();
        copy.VoiceId ??= _voice;
        copy.AudioFormat ??= DefaultAudioFormat;
        return copy;
    }

    private static ITextToSpeechClient Create(SpeechOptions options, HttpClient httpClient)
    {
        return new AudioClient(options.ReplyModel, OpenAiClients.Key(options.SpeechApiKey), OpenAiClients.Options(options.SpeechEndpoint, options.NetworkTimeout, httpClient))
            .AsITextToSpeechClient();
    }

    private static SpeechOptions Validated(SpeechOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.SpeechEndpoint is null || string.IsNullOrWhiteSpace(options.ReplyModel) || string.IsNullOrWhiteSpace(options.ReplyVoice))
        {
            throw new ArgumentException($"{SpeechOptions.SectionName}: a speech endpoint (ReplyEndpoint or Endpoint), ReplyModel and ReplyVoice are required.", nameof(options));
        }

        return options;
    }
}
