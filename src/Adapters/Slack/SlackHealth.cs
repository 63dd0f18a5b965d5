using ChatHub.Adapters.Abstractions;
using ChatHub.Conversation.Pipeline;

namespace ChatHub.Adapters.Slack;

/// <summary>
/// Readiness of the Slack adapter (check <c>slack</c>, tag <c>ready</c>). With ingress: unhealthy until
/// <c>auth.test</c> answered (the bot's user id and workspace are needed to read events); in Socket Mode also until
/// the WebSocket is connected, degraded while it reconnects, unhealthy after three failed attempts in a row.
/// Unhealthy for good once Slack rejected a token, with the reason. Egress alone needs nothing at start.
/// </summary>
internal sealed class SlackHealth(HubRoles roles)
    : ConnectionHealth(roles, new ConnectionHealthText("slack", Ready: "", Stopped: "stopped", NotReady: "not ready yet", Reconnecting: "Socket Mode reconnecting"));
