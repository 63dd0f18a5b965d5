using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ChatHub.Testing.Slack;

/// <summary>
/// Socket Mode on the fake (api.slack.com/apis/socket-mode): <c>apps.connections.open</c> hands out
/// <c>ws://…/link/?ticket=…</c> (single use); on connect the fake sends <c>hello</c>; <see cref="SendEvent"/> wraps an
/// <c>event_callback</c> in an <c>events_api</c> envelope; the client's <c>{"envelope_id"}</c> acknowledgements are
/// recorded (<see cref="Acknowledged"/>); <see cref="SendDisconnect"/> sends <c>{"type":"disconnect","reason":…}</c>.
/// </summary>
public sealed partial class FakeSlack
{
    private const string SocketPath = "/link/";
    private readonly HashSet<string> _tickets = [];
    private readonly List<WebSocket> _sockets = [];
    private readonly List<string> _acks = [];
    private int _envelopes;

    /// <summary>WebSocket connections accepted so far.</summary>
    public int SocketConnections
    {
        get
        {
            lock (_gate)
            {
                return _sockets.Count;
            }
        }
    }

    /// <summary>The envelope ids the client acknowledged, in order.</summary>
    public IReadOnlyList<string> Acknowledged
    {
        get
        {
            lock (_gate)
            {
                return [.. _acks];
            }
        }
    }

    /// <summary>Sends an <c>events_api</c> envelope with <paramref name="eventCallback"/> on the newest connection; returns its envelope id.</summary>
    public string SendEvent(JsonNode eventCallback, int retryAttempt = 0)
    {
        var id = $"env-{Interlocked.Increment(ref _envelopes)}";
        Send(new JsonObject
        {
            ["envelope_id"] = id, ["type"] = "events_api", ["accepts_response_payload"] = false, ["retry_attempt"] = retryAttempt,
            ["retry_reason"] = retryAttempt == 0 ? "" : "timeout", ["payload"] = eventCallback.DeepClone(),
        });
        return id;
    }

    /// <summary>Sends an <c>interactive</c> envelope (a button press) with <paramref name="payload"/>; returns its envelope id.</summary>
    public string SendInteractive(JsonNode payload)
    {
        var id = $"env-{Interlocked.Increment(ref _envelopes)}";
        Send(new JsonObject { ["envelope_id"] = id, ["type"] = "interactive", ["accepts_response_payload"] = false, ["payload"] = payload.DeepClone() });
        return id;
    }

    /// <summary>Slack rotating the connection: <c>{"type":"disconnect","reason":…}</c>.</summary>
    public void SendDisconnect(string reason = "refresh_requested") =>
        Send(new JsonObject { ["type"] = "disconnect", ["reason"] = reason, ["debug_info"] = new JsonObject { ["host"] = "applink-fake" } });

    /// <summary>Completes once the client acknowledged <paramref name="envelopeId"/>.</summary>
    public Task WaitForAckAsync(string envelopeId) => WaitUntilAsync(() => _acks.Contains(envelopeId));

    /// <summary>Completes once <paramref name="count"/> connections were accepted and the newest got its hello.</summary>
    public Task WaitForSocketAsync(int count = 1) => WaitUntilAsync(() => _sockets.Count >= count);

    private string NewSocketUrl()
    {
        var ticket = Guid.NewGuid().ToString("N");
        _tickets.Add(ticket);
        return new UriBuilder(BaseAddress) { Scheme = "ws", Path = SocketPath, Query = "ticket=" + ticket }.Uri.ToString();
    }

    private void Send(JsonObject frame)
    {
        WebSocket socket;
        lock (_gate)
        {
            socket = _sockets.LastOrDefault(s => s.State == WebSocketState.Open) ?? throw new InvalidOperationException("No Socket Mode connection.");
        }

        lock (socket)
        {
            socket.SendAsync(Encoding.UTF8.GetBytes(frame.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    private async Task HandleSocketAsync(HttpContext context)
    {
        bool valid;
        lock (_gate)
        {
            valid = context.WebSockets.IsWebSocketRequest && _tickets.Remove(context.Request.Query["ticket"].ToString());
        }

        if (!valid)
        {
            context.Response.StatusCode = 401;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"type":"hello","num_connections":1,"debug_info":{"host":"applink-fake"},"connection_info":{"app_id":"A0TESTAPP"}}"""),
            WebSocketMessageType.Text, true, CancellationToken.None);
        lock (_gate)
        {
            _sockets.Add(socket);
        }

        Changed();
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, context.RequestAborted);
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return;
                }

                if (JsonNode.Parse(message.ToArray())?["envelope_id"]?.GetValue<string>() is { } ack)
                {
                    lock (_gate)
                    {
                        _acks.Add(ack);
                    }

                    Changed();
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client went away.
        }
    }

    private void AbortSockets()
    {
        lock (_gate)
        {
            foreach (var socket in _sockets)
            {
                socket.Abort();
            }
        }
    }
}
