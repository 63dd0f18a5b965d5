using System.ComponentModel.DataAnnotations;

namespace ChatHub.Inference.Speech;

/// <summary>
/// Speech to text for voice messages (<c>Inference:Speech</c>): an OpenAI-compatible <c>/v1/audio/transcriptions</c>
/// server (<see cref="Endpoint"/>: OpenAI, a vLLM or whisper.cpp server, speaches), or whisper.cpp in process
/// (<see cref="ModelPath"/>, a ggml model file). Neither set: voice messages get a polite "I can't listen yet".
/// The API key never appears in <see cref="ToString()"/> or in logs.
/// </summary>
public sealed class SpeechOptions
{
    public const string SectionName = "Inference:Speech";

    /// <summary>The API base, including the version path: <c>https://api.openai.com/v1</c>, <c>http://localhost:8000/v1</c>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The API key (a bearer token); local servers usually accept any value.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The transcription model the server knows (<c>whisper-1</c>, <c>gpt-4o-mini-transcribe</c>).</summary>
    public string? Model { get; set; } = "whisper-1";

    /// <summary>A whisper.cpp ggml model file (<c>ggml-base.bin</c>) for local transcription; exclusive with <see cref="Endpoint"/>.</summary>
    public string? ModelPath { get; set; }

    /// <summary>The spoken language (ISO 639-1, <c>en</c>) when every person speaks one; empty: the person's locale, else detected.</summary>
    public string? Language { get; set; }

    /// <summary>The HTTP timeout of one transcription call.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The longest audio decoded for local transcription (a guard on decoding; the worker's <c>Voice:MaxDuration</c> refuses longer messages first).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxAudioDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Threads whisper.cpp may use for one transcription (local only).</summary>
    [Range(1, 64)]
    public int Threads { get; set; } = Math.Max(1, Math.Min(4, Environment.ProcessorCount));

    public override string ToString() => ToString(includeSecrets: false);

    public string ToString(bool includeSecrets) =>
        $"Endpoint={Endpoint}, Model={Model}, ModelPath={ModelPath}, ApiKey={(ApiKey is null ? "(none)" : includeSecrets ? ApiKey : "***")}";
}
