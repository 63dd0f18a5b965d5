namespace ChatHub.Adapters.Slack;

/// <summary>How Slack's events reach the hub.</summary>
public enum SlackMode
{
    /// <summary>Slack POSTs events to <c>/webhooks/slack</c> (the Events API; needs a public HTTPS URL).</summary>
    Events = 0,

    /// <summary>The hub opens a WebSocket to Slack (<c>apps.connections.open</c>, the app-level token): no public URL, for development.</summary>
    SocketMode,
}
