using System.Text.Json.Nodes;

namespace ChatHub.Testing.Slack;

/// <summary>One Web API request the fake received, with what it answered (HTTP status and, for <c>ok:false</c>, the error code).</summary>
public sealed record SlackCall(string Method, JsonObject Body, int Status, string? Error, string? Authorization, string? ContentType)
{
    public string? Channel => Body["channel"]?.GetValue<string>();

    public string? Text => Body["text"]?.GetValue<string>();

    public string? ThreadTs => Body["thread_ts"]?.GetValue<string>();

    public bool Succeeded => Status == 200 && Error is null;
}
