using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ChatHub.Adapters.Slack.Api;

/// <summary>Every Web API answer: <c>{"ok":true,…}</c> or <c>{"ok":false,"error":"channel_not_found"}</c>, maybe with a <c>warning</c>.</summary>
internal class SlackResponse
{
    [JsonPropertyName("ok")]
    public bool Ok { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }
}

/// <summary><c>auth.test</c>: who the token is (the bot user, its bot id) and in which workspace.</summary>
internal sealed class AuthTestResponse : SlackResponse
{
    [JsonPropertyName("team_id")]
    public string? TeamId { get; set; }

    [JsonPropertyName("user_id")]
    public string? UserId { get; set; }

    [JsonPropertyName("bot_id")]
    public string? BotId { get; set; }

    [JsonPropertyName("user")]
    public string? User { get; set; }
}

/// <summary><c>chat.postMessage</c> and <c>chat.update</c>: the channel and the message's <c>ts</c> (its id in the channel).</summary>
internal sealed class MessageResponse : SlackResponse
{
    [JsonPropertyName("channel")]
    public string? Channel { get; set; }

    [JsonPropertyName("ts")]
    public string? Ts { get; set; }
}

/// <summary><c>apps.connections.open</c>: a single-use WebSocket URL for Socket Mode.</summary>
internal sealed class ConnectionsOpenResponse : SlackResponse
{
    [JsonPropertyName("url")]
    public string? Url { get; set; }
}

/// <summary>
/// <c>chat.postMessage</c> with plain text: <c>parse=none</c> and <c>link_names=false</c> (no names turned into
/// mentions), no unfurls (no preview card chosen by a linked site), in a thread when <see cref="ThreadTs"/> is set.
/// </summary>
internal sealed class PostMessageRequest
{
    [JsonPropertyName("channel")]
    public required string Channel { get; init; }

    [JsonPropertyName("text")]
    public required string Text { get; init; }

    [JsonPropertyName("thread_ts")]
    public string? ThreadTs { get; init; }

    [JsonPropertyName("parse")]
    public string Parse { get; init; } = "none";

    [JsonPropertyName("link_names")]
    public bool LinkNames { get; init; }

    [JsonPropertyName("unfurl_links")]
    public bool UnfurlLinks { get; init; }

    [JsonPropertyName("unfurl_media")]
    public bool UnfurlMedia { get; init; }

    /// <summary>Block Kit: the text as a section and suggested replies as buttons; <see cref="Text"/> is then the notification's fallback.</summary>
    [JsonPropertyName("blocks")]
    public JsonArray? Blocks { get; init; }
}

/// <summary><c>chat.update</c>: the new text of the bot's message <see cref="Ts"/> (same plain-text settings as a post).</summary>
internal sealed class UpdateMessageRequest
{
    [JsonPropertyName("channel")]
    public required string Channel { get; init; }

    [JsonPropertyName("ts")]
    public required string Ts { get; init; }

    [JsonPropertyName("text")]
    public required string Text { get; init; }

    [JsonPropertyName("parse")]
    public string Parse { get; init; } = "none";

    [JsonPropertyName("link_names")]
    public bool LinkNames { get; init; }

    /// <summary>Null leaves the message's blocks as they are.</summary>
    [JsonPropertyName("blocks")]
    public JsonArray? Blocks { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SlackResponse))]
[JsonSerializable(typeof(AuthTestResponse))]
[JsonSerializable(typeof(MessageResponse))]
[JsonSerializable(typeof(ConnectionsOpenResponse))]
[JsonSerializable(typeof(PostMessageRequest))]
[JsonSerializable(typeof(UpdateMessageRequest))]
[JsonSerializable(typeof(EmptyRequest))]
internal sealed partial class SlackApiJsonContext : JsonSerializerContext;

/// <summary>The body of a method without arguments (<c>auth.test</c>, <c>apps.connections.open</c>).</summary>
internal sealed class EmptyRequest
{
    public static readonly EmptyRequest Instance = new();
}
