using System.Net.WebSockets;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace ChatHub.Testing.Discord;

/// <summary>One gateway WebSocket the client opened to the fake: what it asked for, what it sent, how it ended.</summary>
public sealed class FakeGatewayConnection
{
    private readonly List<JsonObject> _received = [];
    private readonly HttpContext _context;

    internal FakeGatewayConnection(int index, string path, string query, WebSocket socket, HttpContext context)
    {
        Index = index;
        Path = path;
        Query = query;
        Socket = socket;
        _context = context;
    }

    public int Index { get; }

    /// <summary>/gateway or /gateway-resume.</summary>
    public string Path { get; }

    public string Query { get; }

    /// <summary>The payloads the client sent, in order.</summary>
    public IReadOnlyList<JsonObject> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public IReadOnlyList<int> ReceivedOps => [.. Received.Select(p => p["op"]?.GetValue<int>() ?? -1)];

    /// <summary>The close code the client sent, if it closed.</summary>
    public int? ClientCloseStatus { get; internal set; }

    public bool Ended { get; internal set; }

    internal WebSocket Socket { get; }

    /// <summary>Receives dispatches (identified or resumed, not ended).</summary>
    internal bool Live { get; set; }

    internal Channel<OutgoingFrame> Outgoing { get; } = Channel.CreateUnbounded<OutgoingFrame>(new UnboundedChannelOptions { SingleReader = true });

    internal void AddReceived(JsonObject payload)
    {
        lock (_received)
        {
            _received.Add(payload);
        }
    }

    internal void Send(string text) => Outgoing.Writer.TryWrite(new OutgoingFrame(text, null, null));

    internal void SendBinary(byte[] bytes) => Outgoing.Writer.TryWrite(new OutgoingFrame(null, bytes, null));

    internal void Close(int code, string reason) => Outgoing.Writer.TryWrite(new OutgoingFrame(reason, null, code));

    /// <summary>Drops the TCP connection without a close frame.</summary>
    internal void Abort() => _context.Abort();

    internal sealed record OutgoingFrame(string? Text, byte[]? Binary, int? CloseCode);
}
