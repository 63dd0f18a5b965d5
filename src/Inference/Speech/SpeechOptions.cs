using System.ComponentModel.DataAnnotations;

namespace ChatHub.Inference.Speech;

/// <summary>
/// Speech to text for voice messages (<c>Inference:Speech</c>): an OpenAI-compatible <c>/v1/audio/transcriptions</c>
/// server (<see cref="Endpoint"/>: OpenAI, a vLLM or whisper.cpp server, speaches), or whisper.cpp in process
/// (<see cref="ModelPath"/>, a ggml model file). Neither set: voice messages get a polite "I can't listen yet".
/// With <see cref="ReplyWithVoice"/> the answer to a voice message is also spoken, by an OpenAI-compatible
/// <c>/v1/audio/speech</c> server (<see cref="ReplyEndpoint"/>, else <see cref="Endpoint"/>).
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

    /// <summary>
    /// Answer a voice message with a spoken reply as well as the text, on the channels in <c>Voice:ReplyChannels</c>
    /// (Telegram sends a voice note, the web chat plays it). Needs a transcription backend (the person spoke) and a
    /// speech server.
    /// </summary>
    public bool ReplyWithVoice { get; set; }

    /// <summary>The <c>/v1/audio/speech</c> server's API base, when it is not <see cref="Endpoint"/> (e.g. transcription in process).</summary>
    public Uri? ReplyEndpoint { get; set; }

    /// <summary>The API key of <see cref="ReplyEndpoint"/>; empty: <see cref="ApiKey"/>.</summary>
    public string? ReplyApiKey { get; set; }

    /// <summary>The speech model the server knows (<c>tts-1</c>, <c>gpt-4o-mini-tts</c>, a local server's name).</summary>
    public string? ReplyModel { get; set; } = "tts-1";

    /// <summary>The voice the reply is spoken in (OpenAI: <c>alloy</c>, <c>nova</c>, …; a local server's own names).</summary>
    public string? ReplyVoice { get; set; } = "alloy";

    /// <summary>The speech server to use: <see cref="ReplyEndpoint"/>, else <see cref="Endpoint"/>.</summary>
    public Uri? SpeechEndpoint => ReplyEndpoint ?? Endpoint;

    /// <summary>The key for <see cref="SpeechEndpoint"/>.</summary>
    public string? SpeechApiKey => ReplyEndpoint is null || string.IsNullOrEmpty(ReplyApiKey) ? ApiKey : ReplyApiKey;

    public override string ToString() => ToString(includeSecrets: false);

    public string ToString(bool includeSecrets) =>
        $"Endpoint={Endpoint}, Model={Model}, ModelPath={ModelPath}, ApiKey={Secret(ApiKey, includeSecrets)}, ReplyWithVoice={ReplyWithVoice}, " +
        $"ReplyEndpoint={ReplyEndpoint}, ReplyModel={ReplyModel}, ReplyVoice={ReplyVoice}, ReplyApiKey={Secret(ReplyApiKey, includeSecrets)}";

    private static string Secret(string? value, bool include) => value is null ? "(none)" : include ? value : "***";
}
