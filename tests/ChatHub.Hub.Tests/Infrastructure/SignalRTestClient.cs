using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace ChatHub.Hub.Tests.Infrastructure;

/// <summary>
/// A minimal SignalR client (JSON hub protocol over a WebSocket, no negotiate), written from the protocol
/// description because the .NET SignalR client package is not restorable here. Enough for tests: invocations with
/// results, server-to-client calls, and raw frames for malformed-input tests.
/// </summary>
public sealed class SignalRTestClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';

    private readonly ClientWebSocket _socket = new();
    private readonly Dictionary<string, TaskCompletionSource<JsonElement>> _pending = [];
    private readonly Channel<(string Target, JsonElement[] Arguments)> _events = Channel.CreateUnbounded<(string, JsonElement[])>();
    private readonly TaskCompletionSource<string?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private Task? _readLoop;
    private int _nextId;
    private bool _readDone;

    /// <summary>Completes when the server closes the connection, with the close message's error if any.</summary>
    public Task<string?> Closed => _closed.Task;

    /// <summary>Server-to-client calls as they arrive; completes when the connection is gone.</summary>
    public ChannelReader<(string Target, JsonElement[] Arguments)> Events => _events.Reader;

    public static async Task<SignalRTestClient> ConnectAsync(Uri baseAddress, string path = "/hubs/chat", IReadOnlyDictionary<string, string>? headers = null)
    {
        var client = new SignalRTestClient();
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            client._socket.Options.SetRequestHeader(name, value); // Origin, X-Forwarded-For: as a browser or a proxy would send them
        }

        var ws = new UriBuilder(new Uri(baseAddress, path)) { Scheme = baseAddress.Scheme == "https" ? "wss" : "ws" }.Uri;
        await client._socket.ConnectAsync(ws, CancellationToken.None).DefaultTimeout();
        await client.SendFrameAsync("""{"protocol":"json","version":1}""").DefaultTimeout();
        var handshake = await client.ReceiveFrameAsync().DefaultTimeout();
        if (handshake is null || handshake.Contains("\"error\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("SignalR handshake failed: " + handshake);
        }

        client._readLoop = Task.Run(client.ReadLoopAsync);
        return client;
    }

    public async Task<JsonElement> InvokeAsync(string target, params object?[] arguments)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending)
        {
            if (_readDone)
            {
                throw new InvalidOperationException("connection closed");
            }

            _pending[id] = completion;
        }

        await SendFrameAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }));
        return await completion.Task.DefaultTimeout();
    }

    /// <summary>
    /// An invocation whose <paramref name="argumentsJson"/> is sent as written (hostile-input tests): the completion's
    /// result, or a <see cref="HubErrorException"/> with the server's error; fails if the server closes the connection.
    /// </summary>
    public async Task<JsonElement> InvokeRawAsync(string target, string argumentsJson, string? invocationId = null)
    {
        var id = invocationId ?? "r-" + Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending)
        {
            if (_readDone)
            {
                throw new InvalidOperationException("connection closed");
            }

            _pending[id] = completion;
        }

        await SendFrameAsync($"{{\"type\":1,\"invocationId\":{JsonSerializer.Serialize(id)},\"target\":{JsonSerializer.Serialize(target)},\"arguments\":{argumentsJson}}}");
        return await completion.Task.DefaultTimeout();
    }

    /// <summary>Sends bytes as one WebSocket text message, exactly (no record separator added): malformed-frame tests.</summary>
    public async Task SendRawAsync(byte[] bytes)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a frame as-is (a record separator is appended).</summary>
    public async Task SendFrameAsync(string json)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>The next server-to-client call with the given target (others are skipped).</summary>
    public async Task<JsonElement[]> NextAsync(string target)
    {
        while (true)
        {
            var (t, args) = await _events.Reader.ReadAsync().AsTask().DefaultTimeout();
            if (t == target)
            {
                return args;
            }
        }
    }

    /// <summary>Server calls received so far and not yet read.</summary>
    public List<(string Target, JsonElement[] Arguments)> DrainEvents()
    {
        var list = new List<(string, JsonElement[])>();
        while (_events.Reader.TryRead(out var e))
        {
            list.Add(e);
        }

        return list;
    }

    /// <summary>Drops the connection at once, without a close handshake, as a reloaded page or a lost network does.</summary>
    public void Abort() => _socket.Abort();

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is WebSocketException or TimeoutException or OperationCanceledException)
            {
                // already gone
            }
        }

        if (_readLoop is not null)
        {
            await _readLoop.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _socket.Dispose();
        _sendLock.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new StringBuilder();
        try
        {
            while (await ReceiveTextAsync() is { } text)
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
            _events.Writer.TryComplete();
            _closed.TrySetResult(null);
            lock (_pending)
            {
                _readDone = true;
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
        var root = doc.RootElement.Clone();
        switch (root.GetProperty("type").GetInt32())
        {
            case 1:
                var args = root.GetProperty("arguments").EnumerateArray().Select(a => a.Clone()).ToArray();
                _events.Writer.TryWrite((root.GetProperty("target").GetString()!, args));
                break;
            case 3:
                TaskCompletionSource<JsonElement>? completion;
                lock (_pending)
                {
                    _pending.Remove(root.GetProperty("invocationId").GetString()!, out completion);
                }

                if (root.TryGetProperty("error", out var error))
                {
                    completion?.TrySetException(new HubErrorException(error.GetString()));
                }
                else
                {
                    completion?.TrySetResult(root.TryGetProperty("result", out var result) ? result : default);
                }

                break;
            case 7:
                _closed.TrySetResult(root.TryGetProperty("error", out var closeError) ? closeError.GetString() : null);
                break;
        }
    }

    private async Task<string?> ReceiveFrameAsync()
    {
        var text = await ReceiveTextAsync();
        return text?.TrimEnd(RecordSeparator);
    }

    private async Task<string?> ReceiveTextAsync()
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.ToArray());
            }
        }
    }
}
