namespace ChatHub.Adapters.Discord.Api;

/// <summary>
/// One REST route: the method and path template (what Discord's buckets are learned for), the major parameter
/// (the channel id: buckets are per route and channel), and the concrete path.
/// </summary>
internal readonly record struct DiscordRoute(HttpMethod Method, string Template, string MajorId, string Path)
{
    public static DiscordRoute GatewayBot() => new(HttpMethod.Get, "/gateway/bot", "", "/gateway/bot");

    public static DiscordRoute CreateMessage(string channelId) =>
        new(HttpMethod.Post, "/channels/{channel.id}/messages", channelId, $"/channels/{channelId}/messages");

    public static DiscordRoute EditMessage(string channelId, string messageId) =>
        new(HttpMethod.Patch, "/channels/{channel.id}/messages/{message.id}", channelId, $"/channels/{channelId}/messages/{messageId}");

    public static DiscordRoute TriggerTyping(string channelId) =>
        new(HttpMethod.Post, "/channels/{channel.id}/typing", channelId, $"/channels/{channelId}/typing");

    /// <summary>The interaction's token is in the path (not in logs or metrics: they show the template).</summary>
    public static DiscordRoute InteractionCallback(string interactionId, string token) =>
        new(HttpMethod.Post, "/interactions/{interaction.id}/{interaction.token}/callback", interactionId, $"/interactions/{interactionId}/{token}/callback");

    /// <summary>The key a bucket id is learned under: method and template.</summary>
    public string RouteKey => $"{Method.Method} {Template}";

    /// <summary>For logs and metrics: the template, never ids.</summary>
    public override string ToString() => RouteKey;
}
