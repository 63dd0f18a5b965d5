using System.Net.WebSockets;

namespace ChatHub.Adapters.Discord.Gateway;

/// <summary>
/// One gateway WebSocket: JSON text frames, no compression. Receives whole messages (fragments are buffered until
/// EndOfMessage, up to <see cref="MaxMessageBytes"/>; a longer one is read to its end and reported as
/// <see cref="GatewayMessageKind.TooLarge"/>). Sends are serialized (one writer), at most
/// <see cref="MaxPayloadBytes"/> each and at most <see cref="SendsPerMinute"/> per 60 s, as Discord requires.
/// Receive is called by one loop only.
/// </summary>
internal sealed class GatewayConnection : IAsyncDisposable
{
    public const int MaxPayloadBytes = 4096;
    public const int SendsPerMinute = 120;
    public const int MaxMessageBytes = 8 * 1024 * 1024;

    private static readonly TimeSpan SendWindow = TimeSpan.FromSeconds(60);

    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Queue<long> _sends = new();
    private readonly TimeProvider _time;
    private byte[] _buffer = new byte[16 * 1024];

    public GatewayConnection(TimeProvider time)
    {
        _time = time;
        _socket.Options.KeepAliveInterval = TimeSpan.Zero; // the gateway has its own heartbeat
    }

    public Task ConnectAsync(Uri uri, CancellationToken cancellationToken) => _socket.ConnectAsync(uri, cancellationToken);

    public async ValueTask<GatewayMessage> ReceiveAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        var tooLarge = false;
        while (true)
        {
            if (length == _buffer.Length)
            {
                if (_buffer.Length >= MaxMessageBytes)
                {
                    tooLarge = true;
                    length = 0; // keep reading to the end of the message, discarding it
                }
                else
                {
                    Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxMessageBytes));
                }
            }

            var result = await _socket.ReceiveAsync(_buffer.AsMemory(length), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return new GatewayMessage(GatewayMessageKind.Closed, default, (int?)_socket.CloseStatus, _socket.CloseStatusDescription);
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                var kind = tooLarge ? GatewayMessageKind.TooLarge
                    : result.MessageType == WebSocketMessageType.Binary ? GatewayMessageKind.Binary
                    : GatewayMessageKind.Text;
                return new GatewayMessage(kind, _buffer.AsMemory(0, length));
            }
        }
    }

    /// <summary>Sends one text frame; waits while 120 sends of the last 60 s would be exceeded.</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (payload.Length > MaxPayloadBytes)
        {
            // Discord closes with 4002 beyond 4,096 bytes; every payload the adapter sends is far smaller.
            throw new InvalidOperationException($"A gateway payload of {payload.Length} bytes is over Discord's limit of {MaxPayloadBytes}.");
        }

        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await WaitForSendBudgetAsync(cancellationToken);
            await _socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a close frame (best effort: a dead socket is simply left to <see cref="Abort"/>).</summary>
    public async Task CloseAsync(int code, string description, CancellationToken cancellationToken)
    {
        try
        {
            await _sendLock.WaitAsync(cancellationToken);
            try
            {
                if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await _socket.CloseOutputAsync((WebSocketCloseStatus)code, description, cancellationToken);
                }
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Already gone.
        }
    }

    public void Abort() => _socket.Abort();

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        _sendLock.Dispose();
        return ValueTask.CompletedTask;
    }

    private async ValueTask WaitForSendBudgetAsync(CancellationToken cancellationToken)
    {
        var window = (long)(SendWindow.TotalSeconds * _time.TimestampFrequency);
        while (true)
        {
            var now = _time.GetTimestamp();
            while (_sends.Count > 0 && now - _sends.Peek() >= window)
            {
                _sends.Dequeue();
            }

            if (_sends.Count < SendsPerMinute)
            {
                _sends.Enqueue(now);
                return;
            }

            var wait = TimeSpan.FromSeconds((_sends.Peek() + window - now) / (double)_time.TimestampFrequency);
            await Task.Delay(wait, _time, cancellationToken);
        }
    }
}
