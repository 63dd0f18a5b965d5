using System.ComponentModel.DataAnnotations;

namespace ChatHub.Inference.OpenAiCompatible;

/// <summary>
/// An OpenAI-compatible chat-completions server (<c>Inference:OpenAI</c>): vLLM, llama.cpp's server, Ollama, OpenAI.
/// Setting <see cref="Endpoint"/> turns it on. The API key never appears in <see cref="ToString()"/> or in logs.
/// </summary>
public sealed class OpenAiCompatibleOptions
{
    public const string SectionName = "Inference:OpenAI";

    /// <summary>The API base, including the version path: <c>http://localhost:8000/v1</c> (vLLM), <c>http://localhost:11434/v1</c> (Ollama), <c>https://api.openai.com/v1</c>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The API key (a bearer token); local servers usually accept any value.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model name the server knows (e.g. <c>gpt-4o-mini</c>, <c>llama3.2:1b</c>).</summary>
    public string? Model { get; set; }

    /// <summary>The system prompt put before every conversation (none when empty).</summary>
    public string? SystemPrompt { get; set; } = "You are ChatHub's helpful assistant. Answer briefly and politely.";

    /// <summary>The most tokens of a reply (sent as max_completion_tokens); null leaves it to the server.</summary>
    [Range(1, 1_000_000)]
    public int? MaxTokens { get; set; }

    /// <summary>
    /// The model accepts images (a vision model: GPT-4o, Qwen2-VL on vLLM, LLaVA on Ollama): pictures people send go to it as
    /// <c>image_url</c> parts with their text. Off: the hub tells the person it can't look at images yet.
    /// </summary>
    public bool Vision { get; set; }

    [Range(0.0, 2.0)]
    public float? Temperature { get; set; }

    /// <summary>The HTTP timeout of one call (the resilience timeout usually ends a slow reply first).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Most connections open to the server at once; more concurrent calls wait for one (no connection storm).</summary>
    [Range(1, 10_000)]
    public int MaxConnectionsPerServer { get; set; } = 256;

    public override string ToString() => ToString(includeSecrets: false);

    public string ToString(bool includeSecrets) =>
        $"Endpoint={Endpoint}, Model={Model}, ApiKey={(ApiKey is null ? "(none)" : includeSecrets ? ApiKey : "***")}";
}
