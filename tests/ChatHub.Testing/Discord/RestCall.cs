using System.Text.Json.Nodes;

namespace ChatHub.Testing.Discord;

/// <summary>One REST request the fake received, with the status it answered and when it arrived.</summary>
public sealed record RestCall(
    FakeRoute Route, string Method, string Path, string? ChannelId, string? MessageId, JsonObject Body, int Status,
    string? Authorization, string? UserAgent, string? ContentType, DateTimeOffset At = default)
{
    public string? Content => Body["content"]?.GetValue<string>();

    /// <summary>The message a create replies to (<c>message_reference.message_id</c>).</summary>
    public string? ReplyTo => Body["message_reference"]?["message_id"]?.GetValue<string>();

    public bool Succeeded => Status is >= 200 and < 300;
}
