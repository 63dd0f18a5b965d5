using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatHub.Adapters.Slack.Ingress;

/// <summary>
/// The outer object Slack sends (api.slack.com/apis/events-api): <c>url_verification</c> with a <c>challenge</c>, or
/// <c>event_callback</c> with <c>team_id</c>, <c>event_id</c> and the <c>event</c>. Only the members the hub reads are
/// bound; everything else is skipped.
/// </summary>
internal sealed class SlackEnvelope
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = "";

    [JsonPropertyName("challenge")]
    public string? Challenge { get; set; }

    [JsonPropertyName("team_id")]
    public string? TeamId { get; set; }

    [JsonPropertyName("event_id")]
    public string? EventId { get; set; }

    /// <summary>The inner event, read by <see cref="SlackEvent.Read"/> only for the types the hub answers (others may have object-valued <c>channel</c> or <c>user</c>).</summary>
    [JsonPropertyName("event")]
    public JsonElement? Event { get; set; }
}

/// <summary>
/// The members of an inner event the hub reads: <c>app_mention</c> or <c>message</c> (with <c>channel_type</c> and maybe a
/// <c>subtype</c>). A member that is not a string reads as absent, so an event type the hub does not answer, whose
/// <c>channel</c> or <c>user</c> is an object, is ignored rather than refused; but a <c>subtype</c> or <c>bot_id</c> of any
/// kind other than null counts as present (<see cref="Subtype"/> or <see cref="BotId"/> then "?"), so a garbled one
/// never makes an edit or a bot's message look like a person's.
/// </summary>
internal sealed record SlackEvent(
    string Type, string? Subtype, string? User, string? BotId, string? Text, string? Ts, string? ThreadTs, string? Channel, string? ChannelType)
{
    public static SlackEvent? Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object || String(element, "type") is not { } type)
        {
            return null;
        }

        return new SlackEvent(type, Present(element, "subtype"), String(element, "user"), Present(element, "bot_id"), String(element, "text"),
            String(element, "ts"), String(element, "thread_ts"), String(element, "channel"), String(element, "channel_type"));
    }

    /// <summary>The member's string; "?" when it is there but not a string; null when it is absent or JSON null.</summary>
    private static string? Present(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null : String(element, name) ?? "?";

    /// <summary>The member's string, or null when it is absent, not a string, or not valid UTF-16 (a lone surrogate escape).</summary>
    private static string? String(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}

/// <summary>A Socket Mode frame: <c>hello</c>, <c>disconnect</c> (with <c>reason</c>), or an envelope to acknowledge by <c>envelope_id</c>.</summary>
internal sealed class SocketModeFrame
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = "";

    [JsonPropertyName("envelope_id")]
    public string? EnvelopeId { get; set; }

    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    [JsonPropertyName("retry_attempt")]
    public int? RetryAttempt { get; set; }

    [JsonPropertyName("payload")]
    public SlackEnvelope? Payload { get; set; }
}

/// <summary>The acknowledgement of a Socket Mode envelope.</summary>
internal sealed class SocketModeAck
{
    [JsonPropertyName("envelope_id")]
    public required string EnvelopeId { get; init; }
}

[JsonSourceGenerationOptions(MaxDepth = 64)]
[JsonSerializable(typeof(SlackEnvelope))]
[JsonSerializable(typeof(SocketModeFrame))]
[JsonSerializable(typeof(SocketModeAck))]
internal sealed partial class SlackEventJsonContext : JsonSerializerContext;
