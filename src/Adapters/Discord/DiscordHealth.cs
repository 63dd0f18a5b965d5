using ChatHub.Adapters.Abstractions;
using ChatHub.Conversation.Pipeline;

namespace ChatHub.Adapters.Discord;

/// <summary>
/// Readiness of the Discord adapter (check <c>discord</c>, tag <c>ready</c>). With ingress: unhealthy until the
/// gateway's first READY; healthy while connected; degraded during a reconnect, unhealthy after three failed
/// attempts in a row; unhealthy for good once Discord closed with a code that must not be reconnected
/// (4004, 4010–4014) or rejected the token, with the reason. Egress alone needs nothing at start.
/// </summary>
internal sealed class DiscordHealth(HubRoles roles) : ConnectionHealth(
    roles,
    new ConnectionHealthText("discord", Ready: "gateway connected as ", Stopped: "gateway stopped, not reconnecting", NotReady: "the gateway is not ready yet", Reconnecting: "gateway reconnecting"))
{
    public void Connected(string username) => Ready(username);
}
