using System.Diagnostics.Metrics;
using ChatHub.Conversation.Telemetry;

namespace ChatHub.Adapters.Discord;

/// <summary>Discord instruments on the hub's one <see cref="ChatHubTelemetry.Meter"/>.</summary>
internal static class DiscordMetrics
{
    /// <summary>REST requests by route and outcome (Ok or a <c>DiscordErrorKind</c>).</summary>
    public static readonly Counter<long> Requests = ChatHubTelemetry.Meter.CreateCounter<long>(
        "chathub.discord.requests", description: "Discord REST requests by route and outcome");

    /// <summary>MESSAGE_CREATE events by outcome (accepted, duplicate, ignored, rejected).</summary>
    public static readonly Counter<long> Messages = ChatHubTelemetry.Meter.CreateCounter<long>(
        "chathub.discord.messages", description: "Discord messages received, by outcome");

    /// <summary>Gateway disconnects by reason (dropped, zombie, reconnect, invalid_session, closed, fatal).</summary>
    public static readonly Counter<long> Disconnects = ChatHubTelemetry.Meter.CreateCounter<long>(
        "chathub.discord.gateway.disconnects", description: "Discord gateway disconnects by reason");
}
