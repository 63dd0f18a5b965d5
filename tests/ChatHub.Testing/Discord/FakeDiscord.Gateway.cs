using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace ChatHub.Testing.Discord;

public sealed partial class FakeDiscord
{
    private readonly List<FakeGatewayConnection> _connections = [];
    private Session? _session;
    private FakeGatewayConnection? _live;
    private int _sessions;

    /// <summary>The heartbeat_interval HELLO announces, in milliseconds.</summary>
    public int HeartbeatIntervalMs { get; set; } = 41_250;

    /// <summary>Heartbeats go unanswered (a zombie connection, seen from the client).</summary>
    public bool SkipHeartbeatAcks { get; set; }

    /// <summary>On IDENTIFY, close with this code (e.g. 4014 disallowed intents) instead of READY.</summary>
    public (int Code, string Reason)? CloseOnIdentify { get; set; }

    /// <summary>An IDENTIFY is accepted but READY never follows (a client that is connected and not yet ready).</summary>
    public bool HoldReady { get; set; }

    /// <summary>On RESUME, also replay this many dispatches the client had already seen (the client must de-duplicate).</summary>
    public int ReplayOverlap { get; set; }

    public IReadOnlyList<FakeGatewayConnection> Connections
    {
        get
        {
            lock (_gate)
            {
                return [.. _connections];
            }
        }
    }

    /// <summary>The current session id (null before IDENTIFY, or after it was invalidated).</summary>
    public string? SessionId
    {
        get
        {
            lock (_gate)
            {
                return _session?.Id;
            }
        }
    }

    public async Task<FakeGatewayConnection> WaitForConnectionAsync(int index)
    {
        await WaitUntilAsync(() => _connections.Count > index);
        return Connections[index];
    }

    /// <summary>Completes with the <paramref name="occurrence"/>th payload with this op that the client sent on connection <paramref name="index"/>.</summary>
    public async Task<JsonObject> WaitForClientOpAsync(int index, int op, int occurrence = 1)
    {
        await WaitUntilAsync(() => _connections.Count > index && _connections[index].ReceivedOps.Count(o => o == op) >= occurrence);
        return Connections[index].Received.Where(p => p["op"]?.GetValue<int>() == op).ElementAt(occurrence - 1);
    }

    /// <summary>Sends a dispatch (op 0, the next sequence number) to the live connection, or keeps it for the resume replay.</summary>
    public long Dispatch(string type, JsonNode data)
    {
        lock (_gate)
        {
            var session = _session ?? throw new InvalidOperationException("No session: the client has not identified.");
            var sequence = ++session.Sequence;
            var json = new JsonObject { ["op"] = 0, ["t"] = type, ["s"] = sequence, ["d"] = data.DeepClone() }.ToJsonString();
            session.Log.Add((sequence, json));
            if (_live is { Live: true } live)
            {
                live.Send(json);
            }

            return sequence;
        }
    }

    /// <summary>Sends raw text (a malformed frame, say) on the live connection.</summary>
    public void SendRaw(string text) => Current().Send(text);

    public void SendBinary(byte[] bytes) => Current().SendBinary(bytes);

    /// <summary>Sends <c>{"op":op,"d":data}</c>: op 1 (heartbeat request), op 7 (reconnect).</summary>
    public void SendOp(int op, JsonNode? data = null) =>
        Current().Send(new JsonObject { ["op"] = op, ["d"] = data?.DeepClone(), ["s"] = null, ["t"] = null }.ToJsonString());

    /// <summary>op 9; unless resumable, the session is forgotten (a RESUME then gets op 9 false again).</summary>
    public void InvalidateSession(bool resumable)
    {
        lock (_gate)
        {
            if (!resumable)
            {
                _session = null;
            }

            Current().Send(new JsonObject { ["op"] = 9, ["d"] = resumable, ["s"] = null, ["t"] = null }.ToJsonString());
        }
    }

    /// <summary>Forgets the session without telling the client (it expired while the client was away): a RESUME gets op 9 false.</summary>
    public void ExpireSession()
    {
        lock (_gate)
        {
            _session = null;
        }
    }

    /// <summary>Closes the live connection with a code; 4007 and 4009 also end the session.</summary>
    public void Close(int code, string reason)
    {
        lock (_gate)
        {
            if (code is 4007 or 4009)
            {
                _session = null;
            }

            var live = Current();
            live.Live = false;
            live.Close(code, reason);
        }
    }

    /// <summary>Drops the live connection (no close frame), as a network failure would.</summary>
    public void Drop()
    {
        lock (_gate)
        {
            var live = Current();
            live.Live = false;
            live.Abort();
        }
    }

    private FakeGatewayConnection Current()
    {
        lock (_gate)
        {
            return _live ?? _connections.LastOrDefault() ?? throw new InvalidOperationException("No gateway connection.");
        }
    }

    private async Task HandleGatewayAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        FakeGatewayConnection connection;
        lock (_gate)
        {
            connection = new FakeGatewayConnection(_connections.Count, context.Request.Path.Value!.TrimEnd('/'), context.Request.QueryString.Value ?? "", socket, context);
            _connections.Add(connection);
        }

        Changed();
        var writer = WriteLoopAsync(connection, context.RequestAborted);
        connection.Send(new JsonObject { ["op"] = 10, ["d"] = new JsonObject { ["heartbeat_interval"] = HeartbeatIntervalMs }, ["s"] = null, ["t"] = null }.ToJsonString());
        try
        {
            await ReadLoopAsync(connection, context.RequestAborted);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ConnectionAbortedException)
        {
            // The client went away.
        }
        finally
        {
            lock (_gate)
            {
                connection.Live = false;
                connection.Ended = true;
            }

            connection.Outgoing.Writer.TryComplete();
            await writer.ContinueWith(_ => { }, TaskScheduler.Default);
            Changed();
        }
    }

    private async Task ReadLoopAsync(FakeGatewayConnection connection, CancellationToken aborted)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await connection.Socket.ReceiveAsync(buffer, aborted);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    connection.ClientCloseStatus = (int?)result.CloseStatus;
                    connection.Close((int)(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure), "bye"); // echo
                    return;
                }

                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            if (JsonNode.Parse(Encoding.UTF8.GetString(message.ToArray())) is JsonObject payload)
            {
                connection.AddReceived(payload);
                OnClientPayload(connection, payload);
                Changed();
            }
        }
    }

    private static async Task WriteLoopAsync(FakeGatewayConnection connection, CancellationToken aborted)
    {
        await foreach (var item in connection.Outgoing.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                if (item.CloseCode is { } code)
                {
                    await connection.Socket.CloseOutputAsync((WebSocketCloseStatus)code, item.Text, aborted);
                    return;
                }

                var bytes = item.Binary ?? Encoding.UTF8.GetBytes(item.Text!);
                await connection.Socket.SendAsync(bytes, item.Binary is null ? WebSocketMessageType.Text : WebSocketMessageType.Binary, true, aborted);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    private void OnClientPayload(FakeGatewayConnection connection, JsonObject payload)
    {
        var data = payload["d"];
        switch (payload["op"]?.GetValue<int>())
        {
            case 1 when !SkipHeartbeatAcks:
                connection.Send("{\"op\":11,\"d\":null,\"s\":null,\"t\":null}");
                break;
            case 2:
                Identify(connection, data);
                break;
            case 6:
                Resume(connection, data);
                break;
        }
    }

    private void Identify(FakeGatewayConnection connection, JsonNode? data)
    {
        if (data?["token"]?.GetValue<string>() != Token)
        {
            connection.Close(4004, "Authentication failed.");
            return;
        }

        if (CloseOnIdentify is { } close)
        {
            connection.Close(close.Code, close.Reason);
            return;
        }

        lock (_gate)
        {
            _session = new Session($"session-{++_sessions}");
            Live(connection);
            if (HoldReady)
            {
                return;
            }

            var ready = new JsonObject
            {
                ["v"] = 10,
                ["user"] = new JsonObject { ["id"] = BotUserId, ["username"] = BotUsername, ["bot"] = true },
                ["session_id"] = _session.Id,
                ["resume_gateway_url"] = ResumeUrl.AbsoluteUri.TrimEnd('/'),
                ["guilds"] = new JsonArray(),
                ["application"] = new JsonObject { ["id"] = ApplicationId, ["flags"] = 0 },
            };
            connection.Send(new JsonObject { ["op"] = 0, ["t"] = "READY", ["s"] = ++_session.Sequence, ["d"] = ready }.ToJsonString());
        }
    }

    private void Resume(FakeGatewayConnection connection, JsonNode? data)
    {
        lock (_gate)
        {
            if (_session is not { } session || data?["token"]?.GetValue<string>() != Token || data["session_id"]?.GetValue<string>() != session.Id)
            {
                connection.Send("{\"op\":9,\"d\":false,\"s\":null,\"t\":null}");
                return;
            }

            var after = data["seq"]?.GetValue<long>() ?? 0;
            var seen = session.Log.Where(e => e.Sequence <= after).TakeLast(ReplayOverlap);
            foreach (var (_, json) in seen.Concat(session.Log.Where(e => e.Sequence > after)))
            {
                connection.Send(json);
            }

            Live(connection);
            connection.Send(new JsonObject { ["op"] = 0, ["t"] = "RESUMED", ["s"] = ++session.Sequence, ["d"] = new JsonObject() }.ToJsonString());
        }
    }

    private void Live(FakeGatewayConnection connection)
    {
        if (_live is not null && !ReferenceEquals(_live, connection))
        {
            _live.Live = false;
        }

        _live = connection;
        connection.Live = true;
    }

    private sealed class Session(string id)
    {
        public string Id { get; } = id;

        public long Sequence { get; set; }

        public List<(long Sequence, string Json)> Log { get; } = [];
    }
}
