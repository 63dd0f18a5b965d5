using System.Runtime.CompilerServices;
using ChatHub.Inference.OpenAiCompatible;
using Microsoft.Extensions.AI;
using OpenAI.Audio;

namespace ChatHub.Inference.Speech;

/// <summary>
/// An OpenAI-compatible <c>/v1/audio/transcriptions</c> server behind <see cref="ISpeechToTextClient"/>, on the OpenAI
/// package's <see cref="AudioClient"/> (multipart: <c>file</c>, <c>model</c>, <c>language</c>, <c>prompt</c>). Our own
/// thin adapter rather than Microsoft.Extensions.AI.OpenAI's <c>AsISpeechToTextClient</c>: that one names an Ogg stream
/// <c>audio.mp3</c> (10.11.0 tells only WAV and WebM from the bytes), and servers pick the decoder by the extension.
/// Here the file name comes from the first bytes (<see cref="AudioFileNames"/>). The package's retries are off; a
/// configured language (<see cref="SpeechOptions.Language"/>) wins over the caller's (the person's locale).
/// </summary>
public sealed class OpenAiCompatibleSpeechToTextClient : ISpeechToTextClient
{
    private readonly HttpClient? _ownHttpClient;
    private readonly AudioClient _audio;
    private readonly SpeechOptions _options;
    private readonly SpeechToTextClientMetadata _metadata;

    public OpenAiCompatibleSpeechToTextClient(SpeechOptions options, HttpClient? httpClient = null)
    {
        _options = Validated(options);
        _ownHttpClient = httpClient is null ? new HttpClient { Timeout = Timeout.InfiniteTimeSpan } : null;
        _audio = new AudioClient(options.Model, OpenAiClients.Key(options.ApiKey), OpenAiClients.Options(options.Endpoint, options.NetworkTimeout, httpClient ?? _ownHttpClient!));
        _metadata = new SpeechToTextClientMetadata("openai-compatible", options.Endpoint, options.Model);
    }

    public async Task<SpeechToTextResponse> GetTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audioSpeechStream);
        var fileName = await AudioFileNames.ForAsync(audioSpeechStream, cancellationToken).ConfigureAwait(false);
        var request = new AudioTranscriptionOptions
        {
            Language = string.IsNullOrWhiteSpace(_options.Language) ? options?.SpeechLanguage : _options.Language,
            ResponseFormat = AudioTranscriptionFormat.Simple,
        };
        var result = await _audio.TranscribeAudioAsync(audioSpeechStream, fileName, request, cancellationToken).ConfigureAwait(false);
        return new SpeechToTextResponse(result.Value.Text ?? "") { ModelId = options?.ModelId ?? _options.Model, RawRepresentation = result.Value };
    }

    public async IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(
        Stream audioSpeechStream, SpeechToTextOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetTextAsync(audioSpeechStream, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToSpeechToTextResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(SpeechToTextClientMetadata) ? _metadata
            : serviceType == typeof(AudioClient) ? _audio
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose() => _ownHttpClient?.Dispose(); // a given HttpClient belongs to its owner

    private static SpeechOptions Validated(SpeechOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Endpoint is null || string.IsNullOrWhiteSpace(options.Model))
        {
            throw new ArgumentException($"{SpeechOptions.SectionName}:Endpoint and Model are required.", nameof(options));
        }

        return options;
    }
}
