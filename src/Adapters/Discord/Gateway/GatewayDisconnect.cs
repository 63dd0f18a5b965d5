namespace ChatHub.Adapters.Discord.Gateway;

internal enum GatewayDisconnectKind
{
    /// <summary>No connection, no HELLO, or no usable READY.</summary>
    Failed = 0,

    /// <summary>The connection broke without a close frame.</summary>
    Dropped,

    /// <summary>Discord closed with a code (<see cref="GatewayDisconnect.CloseCode"/>).</summary>
    Closed,

    /// <summary>A heartbeat went unacknowledged.</summary>
    Zombie,

    /// <summary>Discord asked for a reconnect (op 7).</summary>
    Reconnect,

    /// <summary>Discord invalidated the session (op 9).</summary>
    InvalidSession,
}

/// <summary>
/// How one gateway connection ended (<c>Kind</c>, a <c>Reason</c> for logs and /readyz, Discord's <c>CloseCode</c>),
/// whether it had got READY or RESUMED (<c>WasReady</c>: the next attempt then starts at once), and whether its
/// session may be resumed (<c>Resumable</c>).
/// </summary>
internal readonly record struct GatewayDisconnect(
    GatewayDisconnectKind Kind, string Reason, bool WasReady, int? CloseCode = null, bool Resumable = true);
