using System.Text;

namespace ChatHub.Resp.PubSub;

/// <summary>A published message as a subscriber receives it; it owns its payload.</summary>
public sealed class RespMessage
{
    public RespMessage(string channel, string? pattern, ReadOnlyMemory<byte> payload)
    {
        Channel = channel;
        Pattern = pattern;
        Payload = payload;
    }

    /// <summary>The channel it was published to.</summary>
    public string Channel { get; }

    /// <summary>The pattern that matched, for pattern subscriptions; otherwise null.</summary>
    public string? Pattern { get; }

    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The payload as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Payload.Span);

    public override string ToString() => $"message on {Channel} ({Payload.Length} bytes)";
}
