namespace ChatHub.Adapters.Discord.Gateway;

/// <summary>op 10 HELLO.</summary>
internal sealed record HelloData
{
    /// <summary>Milliseconds between heartbeats.</summary>
    public int HeartbeatInterval { get; init; }
}
