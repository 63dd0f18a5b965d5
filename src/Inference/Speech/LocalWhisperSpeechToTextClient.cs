using Microsoft.Extensions.AI;
using Whisper.net;

namespace ChatHub.Inference.Speech;

/// <summary>
/// whisper.cpp in process (<c>Inference:Speech:ModelPath</c>, a ggml model) behind <see cref="ISpeechToTextClient"/>:
/// Whisper.net's own <see cref="WhisperSpeechToTextClient"/>, which reads 16 kHz WAV, with Ogg and WebM Opus recordings decoded
/// to that first (<see cref="OpusPcm"/>, Concentus). One transcription at a time (whisper.cpp takes every thread it is
/// given, <see cref="SpeechOptions.Threads"/>); the model is loaded on the first call and kept. Input that is not
/// Ogg or WebM Opus or WAV throws <see cref="InvalidDataException"/> (the worker tells the person).
/// </summary>
public sealed class LocalWhisperSpeechToTextClient : DelegatingSpeechToTextClient
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly SpeechOptions _options;

    public LocalWhisperSpeechToTextClient(SpeechOptions options)
        : base(new WhisperSpeechToTextClient(Validated(options).ModelPath!))
    {
        _options = options;
    }

    public override async Task<SpeechToTextResponse> GetTextAsync(
        Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var wav = new MemoryStream(await ToWavAsync(audioSpeechStream, cancellationToken).ConfigureAwait(false), writable: false);
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await base.GetTextAsync(wav, WithDefaults(options), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _one.Release();
        }
    }

    public override async IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(
        Stream audioSpeechStream, SpeechToTextOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetTextAsync(audioSpeechStream, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToSpeechToTextResponseUpdates())
        {
            yield return update;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _one.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Ogg Opus decoded to a 16 kHz mono WAV; WAV passed as it is.</summary>
    private async Task<byte[]> ToWavAsync(Stream audio, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        using var buffer = new MemoryStream();
        await audio.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        var head = bytes.Span;
        if (head.StartsWith("OggS"u8))
        {
            return OpusPcm.Wav(OpusPcm.DecodeOggOpus(bytes, _options.MaxAudioDuration));
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return OpusPcm.Wav(OpusPcm.DecodeWebMOpus(bytes, _options.MaxAudioDuration)); // the web chat's MediaRecorder
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WAVE"u8))
        {
            return bytes.ToArray();
        }

        throw new InvalidDataException("Local transcription takes Ogg or WebM Opus, or WAV audio.");
    }

    private SpeechToTextOptions WithDefaults(SpeechToTextOptions? options)
    {
        var copy = options?.Clone() ?? new SpeechToTextOptions();
        copy.SpeechLanguage = string.IsNullOrWhiteSpace(_options.Language) ? copy.SpeechLanguage ?? "auto" : _options.Language;
        return copy.WithThreads(_options.Threads);
    }

    private static SpeechOptions Validated(SpeechOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ModelPath))
        {
            throw new ArgumentException($"{SpeechOptions.SectionName}:ModelPath is required.", nameof(options));
        }

        return options;
    }
}
