using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;

namespace ChatHub.Inference.OpenAiCompatible;

/// <summary>How the hub sets up the OpenAI package's clients for an OpenAI-compatible server (chat, transcription, speech).</summary>
internal static class OpenAiClients
{
    /// <summary>The server's endpoint and network timeout, on <paramref name="httpClient"/>, with the package's retries off (the hub decides about retrying).</summary>
    public static OpenAIClientOptions Options(Uri? endpoint, TimeSpan networkTimeout, HttpClient httpClient) => new()
    {
        Endpoint = endpoint,
        NetworkTimeout = networkTimeout,
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        Transport = new HttpClientPipelineTransport(httpClient),
    };

    /// <summary>The API key as the package wants one; local servers take any, so no key is sent as "none".</summary>
    public static ApiKeyCredential Key(string? apiKey) => new(string.IsNullOrEmpty(apiKey) ? "none" : apiKey);
}
