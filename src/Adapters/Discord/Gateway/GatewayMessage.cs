namespace ChatHub.Adapters.Discord.Gateway;

/// <summary>What one WebSocket receive produced: a whole text or binary message, a close, or an over-long message that was skipped.</summary>
internal enum GatewayMessageKind
{
    Text = 0,
    Binary,
    TooLarge,
    Closed,
}

/// <summary>
/// One complete WebSocket message (fragments joined). <see cref="Payload"/> is only valid until the next receive
/// on the same connection.
/// </summary>
internal readonly record struct GatewayMessage(GatewayMessageKind Kind, ReadOnlyMemory<byte> Payload, int? CloseCode = null, string? CloseDescription = null);
