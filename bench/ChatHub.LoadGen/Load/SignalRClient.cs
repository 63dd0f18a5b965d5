using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ChatHub.LoadGen.Load;

/// <summary>
/// A minimal SignalR client (JSON hub protocol over a WebSocket, no negotiate), after
/// tests/ChatHub.Hub.Tests/Infrastructure/SignalRTestClient.cs: the .NET SignalR client package is not restorable
/// here. Invocations with results, and server-to-client calls handed to <see cref="OnEvent"/> on the read loop.
/// </summary>
internal sealed class SignalRClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';

    private readonly ClientWebSocket _socket = new();
    private readonly Dictionary<string, TaskCompletionSource<JsonElement>> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private Task? _readLoop;
    private int _nextId;

    /// <summary>Server-to-client calls: target and arguments (called on the read loop; keep it short).</summary>
    public Action<string, JsonElement>? OnEvent { get; set; }

    public static async Task<SignalRClient> ConnectAsync(Uri baseAddress, CancellationToken cancellationToken)
    {
        var client = new SignalRClient();
        var ws = new UriBuilder(new Uri(baseAddress, "/hubs/chat")) { Scheme = "ws" }.Uri;
        await client._socket.ConnectAsync(ws, cancellationToken);
        await client.SendFrameAsync("""{"protocol":"json","version":1}""", cancellationToken);
        var handshake = await client.ReceiveTextAsync(cancellationToken);
        if (handshake is null || handshake.Contains("\"error\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("SignalR handshake failed: " + handshake);
        }

        client._readLoop = Task.Run(client.ReadLoopAsync, CancellationToken.None);
        return client;
    }

    /// <summary>Invokes a hub method whose arguments are already JSON (e.g. <c>"text","id"</c>).</summary>
    public async Task<JsonElement> InvokeRawAsync(string target, string jsonArguments, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending)
        {
            _pending[id] = completion;
        }

        await SendFrameAsync($$"""{"type":1,"invocationId":"{{id}}","target":"{{target}}","arguments":[{{jsonArguments}}]}""", cancellationToken);
        return await completion.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
            }
            catch (Exception ex) when (ex is WebSocketException or TimeoutException or OperationCanceledException)
            {
                // already gone
            }
        }

        if (_readLoop is not null)
        {
            await _readLoop.WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _socket.Dispose();
        _sendLock.Dispose();
    }

    private async Task SendFrameAsync(string json, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new StringBuilder();
        try
        {
            while (await ReceiveTextAsync(CancellationToken.None) is { } text)
            {
                buffer.Append(text);
                var all = buffer.ToString();
                var last = all.LastIndexOf(RecordSeparator);
                if (last < 0)
                {
                    continue;
                }

                buffer.Clear().Append(all.AsSpan(last + 1));
                foreach (var frame in all[..last].Split(RecordSeparator))
                {
                    Dispatch(frame);
                }
            }
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            lock (_pending)
            {
                foreach (var p in _pending.Values)
                {
                    p.TrySetException(new InvalidOperationException("connection closed"));
                }
            }
        }
    }

    private void Dispatch(string frame)
    {
        using var doc = JsonDocument.Parse(frame);
        var root = doc.RootElement;
        switch (root.GetProperty("type").GetInt32())
        {
            case 1:
                var arguments = root.GetProperty("arguments");
                if (arguments.GetArrayLength() > 0)
                {
                    OnEvent?.Invoke(root.GetProperty("target").GetString()!, arguments[0]);
                }

                break;
            case 3:
                TaskCompletionSource<JsonElement>? completion;
                lock (_pending)
                {
                    _pending.Remove(root.GetProperty("invocationId").GetString()!, out completion);
                }

                if (root.TryGetProperty("error", out var error))
                {
                    completion?.TrySetException(new InvalidOperationException(error.GetString()));
                }
                else
                {
                    completion?.TrySetResult(root.TryGetProperty("result", out var result) ? result.Clone() : default);
                }

                break;
        }
    }

    private async Task<string?> ReceiveTextAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            }
        }
    }
}
