using System.Diagnostics.Metrics;
using ChatHub.Conversation.Telemetry;

namespace ChatHub.Adapters.Slack;

/// <summary>Slack instruments on the hub's one <see cref="ChatHubTelemetry.Meter"/>.</summary>
internal static class SlackMetrics
{
    /// <summary>Web API requests by method and outcome (Ok or a <c>SlackErrorKind</c>).</summary>
    public static readonly Counter<long> Requests = ChatHubTelemetry.Meter.CreateCounter<long>(
        "chathub.slack.requests", description: "Slack Web API requests by method and outcome");

    /// <summary>Events received (Events API or Socket Mode), by outcome (accepted, duplicate, ignored, rejected, refused).</summary>
    public static readonly Counter<long> Events = ChatHubTelemetry.Meter.CreateCounter<long>(
        "chathub.slack.events", description: "Slack events by outcome");

    /// <summary>Socket Mode disconnects by reason (Slack's <c>disconnect</c> reason, dropped, failed).</summary>
    public static readonly Counter<long> Disconnects = ChatHubTelemetry.Meter.CreateCounter<long>(
        "chathub.slack.socket.disconnects", description: "Slack Socket Mode disconnects by reason");
}
