using System.Diagnostics.Metrics;
using ChatHub.Conversation.Telemetry;

namespace ChatHub.Adapters.Telegram;

/// <summary>Telegram instruments on the hub's one <see cref="ChatHubTelemetry.Meter"/>.</summary>
internal static class TelegramMetrics
{
    /// <summary>Bot API requests by method and outcome (Ok or a <c>TelegramErrorKind</c>).</summary>
    public static readonly Counter<long> Requests = ChatHubTelemetry.Meter.CreateCounter<long>(
        "chathub.telegram.requests", description: "Telegram Bot API requests by method and outcome");

    /// <summary>Telegram updates received, by outcome (accepted, duplicate, ignored, rejected).</summary>
    public static readonly Counter<long> Updates = ChatHubTelemetry.Meter.CreateCounter<long>(
        "chathub.telegram.updates", description: "Telegram updates by outcome");
}
