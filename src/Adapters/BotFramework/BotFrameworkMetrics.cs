using System.Diagnostics.Metrics;
using ChatHub.Conversation.Telemetry;

namespace ChatHub.Adapters.BotFramework;

/// <summary>Bot Framework instruments on the hub's one <see cref="ChatHubTelemetry.Meter"/>.</summary>
internal static class BotFrameworkMetrics
{
    /// <summary>Inbound activities by outcome (accepted, duplicate, ignored, rejected, welcomed, unauthorized, forbidden, invalid).</summary>
    public static readonly Counter<long> Activities = ChatHubTelemetry.Meter.CreateCounter<long>(
        "chathub.teams.activities", description: "Bot Framework activities received, by outcome");

    /// <summary>Outbound HTTP requests (connector posts, token requests) by operation and outcome (Ok or a <c>BotFrameworkErrorKind</c>).</summary>
    public static readonly Counter<long> Requests = ChatHubTelemetry.Meter.CreateCounter<long>(
        "chathub.teams.requests", description: "Bot Connector and token endpoint requests by operation and outcome");

    public static void Activity(string outcome) => Activities.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
