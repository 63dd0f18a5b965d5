using System.Text.Json.Serialization;

namespace ChatHub.Adapters.BotFramework.Api;

/// <summary>The token endpoint's answer to a client-credentials request.</summary>
internal sealed class TokenResponse
{
    [JsonPropertyName("token_type")]
    public string? TokenType { get; set; }

    [JsonPropertyName("expires_in")]
    public long? ExpiresIn { get; set; }

    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }
}
