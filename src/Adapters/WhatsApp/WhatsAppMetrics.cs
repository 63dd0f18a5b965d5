using System.Diagnostics.Metrics;
using ChatHub.Conversation.Telemetry;

namespace ChatHub.Adapters.WhatsApp;

/// <summary>WhatsApp instruments on the hub's one <see cref="ChatHubTelemetry.Meter"/>.</summary>
internal static class WhatsAppMetrics
{
    /// <summary>Webhook calls and what they carried, by kind (message, status, error, request) and outcome.</summary>
    public static readonly Counter<long> Notifications = ChatHubTelemetry.Meter.CreateCounter<long>(
        "chathub.whatsapp.notifications", description: "WhatsApp webhook notifications by kind and outcome");

    /// <summary>Cloud API requests by operation (text, template, read) and outcome (Ok or a <c>WhatsAppErrorKind</c>).</summary>
    public static readonly Counter<long> Requests = ChatHubTelemetry.Meter.CreateCounter<long>(
        "chathub.whatsapp.requests", description: "WhatsApp Cloud API requests by operation and outcome");

    /// <summary>Delivery statuses of sent messages reported by WhatsApp (sent, delivered, read, failed).</summary>
    public static readonly Counter<long> Statuses = ChatHubTelemetry.Meter.CreateCounter<long>(
        "chathub.whatsapp.statuses", description: "WhatsApp delivery statuses of sent messages");

    public static void Notification(string kind, string outcome) =>
        Notifications.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));
}
