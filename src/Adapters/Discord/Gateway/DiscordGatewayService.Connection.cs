using System.Net.WebSockets;
using System.Text.Json;
using ChatHub.Adapters.Discord.Api;

namespace ChatHub.Adapters.Discord.Gateway;

/// <summary>One gateway connection: open, HELLO, heartbeat, IDENTIFY or RESUME, then the receive loop until it ends.</summary>
internal sealed partial class DiscordGatewayService
{
    private static readonly TimeSpan ShutdownCloseTimeout = TimeSpan.FromSeconds(2);

    private async Task<GatewayDisconnect> RunConnectionAsync(CancellationToken stoppingToken)
    {
        var resuming = _session.CanResume;
        var target = resuming ? _session.ResumeUrl : _gatewayUrl;
        if (!GatewayFrames.TryGatewayUri(target?.AbsoluteUri, out var url))
        {
            return new GatewayDisconnect(GatewayDisconnectKind.Failed, "no usable gateway URL", false, Resumable: false);
        }

        var where = target!.GetLeftPart(UriPartial.Path); // no query, no secrets
        DiscordLog.Connecting(_logger, where, resuming ? "resume" : "identify");
        await using var connection = new GatewayConnection(_time);
        var (interval, failed) = await OpenAsync(connection, url, stoppingToken);
        if (failed is { } failure)
        {
            return failure;
        }

        var context = new ConnectionContext(connection, new GatewayHeartbeat(connection, _session, interval, _jitter.Next(), _time));
        using var connectionEnd = new CancellationTokenSource();
        using var shutdown = stoppingToken.Register(() => _ = CloseForShutdownAsync(connection));
        var beating = context.Heartbeat.RunAsync(connectionEnd.Token);
        var receiving = Task.FromResult(default(GatewayDisconnect));
        try
        {
            if (resuming)
            {
                await SendAsync(connection, new GatewaySend<ResumeData>(GatewayOpCode.Resume, new ResumeData
                {
                    Token = _options.Token!,
                    SessionId = _session.SessionId!,
                    Seq = _session.Sequence ?? 0,
                }), DiscordJsonContext.Default.GatewaySendResumeData, connectionEnd.Token);
            }
            else
            {
                NoteIdentify();
                await SendAsync(connection, new GatewaySend<IdentifyData>(GatewayOpCode.Identify, new IdentifyData
                {
                    Token = _options.Token!,
                    Intents = (int)_options.Intents,
                    Properties = new IdentifyData.IdentifyProperties { Os = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : "linux" },
                }), DiscordJsonContext.Default.GatewaySendIdentifyData, connectionEnd.Token);
            }

            receiving = ReceiveAsync(context, connectionEnd.Token);
            if (await Task.WhenAny(receiving, beating) == receiving)
            {
                return await receiving;
            }

            if (beating.IsCompletedSuccessfully)
            {
                DiscordLog.ZombieConnection(_logger, context.Heartbeat.Interval);
                await connection.CloseAsync(GatewayCloseCodes.ClientReconnecting, "no heartbeat ACK", connectionEnd.Token);
                // Give the close handshake a moment (the receive loop sees the echo); a dead peer is aborted below.
                await ((Task)receiving).WaitAsync(ShutdownCloseTimeout, _time, connectionEnd.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                return new GatewayDisconnect(GatewayDisconnectKind.Zombie, "no heartbeat ACK: zombie connection", context.Ready);
            }

            return new GatewayDisconnect(GatewayDisconnectKind.Dropped, $"a heartbeat could not be sent ({beating.Exception?.InnerException?.GetType().Name})", context.Ready);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException)
        {
            return new GatewayDisconnect(GatewayDisconnectKind.Dropped, $"connection lost while sending ({ex.GetType().Name})", context.Ready);
        }
        finally
        {
            await connectionEnd.CancelAsync();
            connection.Abort();
            await Task.WhenAll(beating, receiving).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Connects and waits for HELLO, within <see cref="DiscordOptions.GatewayConnectTimeout"/>.</summary>
    private async Task<(TimeSpan Interval, GatewayDisconnect? Failure)> OpenAsync(GatewayConnection connection, Uri url, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(_options.GatewayConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            await connection.ConnectAsync(url, linked.Token);
            var message = await connection.ReceiveAsync(linked.Token);
            if (message.Kind == GatewayMessageKind.Closed)
            {
                return (default, Closed(message, wasReady: false));
            }

            if (message.Kind == GatewayMessageKind.Text && GatewayFrames.TryParse(message.Payload.Span, out var frame, out _)
                && frame.Op == GatewayOpCode.Hello && GatewayFrames.TryRead(frame.D, DiscordJsonContext.Default.HelloData, out var hello)
                && hello.HeartbeatInterval > 0)
            {
                return (TimeSpan.FromMilliseconds(hello.HeartbeatInterval), null);
            }

            DiscordLog.MalformedFrame(_logger, message.Payload.Length, "expected HELLO first");
            return (default, Failed("the first frame was not HELLO"));
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            DiscordLog.ConnectFailed(_logger, "timeout");
            return (default, Failed($"no HELLO within {_options.GatewayConnectTimeout.TotalSeconds:0.#} s"));
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException)
        {
            var reason = ex is WebSocketException socket ? socket.WebSocketErrorCode.ToString() : ex.GetType().Name;
            DiscordLog.ConnectFailed(_logger, reason);
            return (default, Failed($"could not connect ({reason})"));
        }
    }

    private async Task<GatewayDisconnect> ReceiveAsync(ConnectionContext context, CancellationToken cancellationToken)
    {
        while (true)
        {
            GatewayMessage message;
            try
            {
                message = await context.Connection.ReceiveAsync(cancellationToken);
            }
            catch (WebSocketException ex)
            {
                return new GatewayDisconnect(GatewayDisconnectKind.Dropped, $"connection lost ({ex.WebSocketErrorCode})", context.Ready);
            }

            switch (message.Kind)
            {
                case GatewayMessageKind.Closed:
                    return Closed(message, context.Ready);
                case GatewayMessageKind.Binary:
                    DiscordLog.MalformedFrame(_logger, message.Payload.Length, "a binary frame (compression was not asked for)");
                    continue;
                case GatewayMessageKind.TooLarge:
                    DiscordLog.MalformedFrame(_logger, GatewayConnection.MaxMessageBytes, "longer than the receive limit");
                    continue;
            }

            if (!GatewayFrames.TryParse(message.Payload.Span, out var frame, out var error))
            {
                DiscordLog.MalformedFrame(_logger, message.Payload.Length, error);
                continue;
            }

            DiscordLog.FrameReceived(_logger, frame.Op!.Value, frame.T, frame.S);
            if (await HandleFrameAsync(context, frame, message.Payload.Length, cancellationToken) is { } end)
            {
                return end;
            }
        }
    }

    private async ValueTask<GatewayDisconnect?> HandleFrameAsync(ConnectionContext context, GatewayFrame frame, int length, CancellationToken cancellationToken)
    {
        switch (frame.Op)
        {
            case GatewayOpCode.Dispatch:
                if (frame.S is { } sequence)
                {
                    _session.Observe(sequence);
                }

                return await HandleDispatchAsync(context, frame, length, cancellationToken);
            case GatewayOpCode.Heartbeat:
                await context.Heartbeat.BeatAsync(cancellationToken);
                return null;
            case GatewayOpCode.HeartbeatAck:
                context.Heartbeat.Acknowledged();
                return null;
            case GatewayOpCode.Reconnect:
                DiscordLog.ReconnectRequested(_logger);
                await CloseAndDrainAsync(context.Connection, "reconnect requested", cancellationToken);
                return new GatewayDisconnect(GatewayDisconnectKind.Reconnect, "Discord asked to reconnect (op 7)", context.Ready);
            case GatewayOpCode.InvalidSession:
                var resumable = frame.D.ValueKind == JsonValueKind.True;
                DiscordLog.InvalidSession(_logger, resumable);
                await CloseAndDrainAsync(context.Connection, "invalid session", cancellationToken);
                return new GatewayDisconnect(GatewayDisconnectKind.InvalidSession, $"session invalidated (op 9, resumable: {resumable})",
                    context.Ready, Resumable: resumable);
            default:
                return null; // a second HELLO, or an op this client does not use
        }
    }

    private async ValueTask<GatewayDisconnect?> HandleDispatchAsync(ConnectionContext context, GatewayFrame frame, int length, CancellationToken cancellationToken)
    {
        switch (frame.T)
        {
            case "READY":
                if (!GatewayFrames.TryRead(frame.D, DiscordJsonContext.Default.ReadyData, out var ready)
                    || !Uri.TryCreate(ready.ResumeGatewayUrl, UriKind.Absolute, out var resumeUrl))
                {
                    DiscordLog.MalformedFrame(_logger, length, "READY could not be read");
                    return new GatewayDisconnect(GatewayDisconnectKind.Failed, "READY could not be read", false, Resumable: false);
                }

                _session.Start(ready.SessionId, resumeUrl);
                _identity.Set(ready.User.Id, ready.User.Username, ready.Application?.Id);
                context.Ready = true;
                _health.Connected(_identity.Username!);
                DiscordLog.Ready(_logger, _identity.Username, ready.User.Id);
                return null;
            case "RESUMED":
                context.Ready = true;
                _health.Connected(_identity.Username ?? "(unknown)");
                DiscordLog.Resumed(_logger, _session.Sequence ?? 0);
                return null;
            case "MESSAGE_CREATE":
                if (GatewayFrames.TryReadMessageCreate(frame.D, out var message))
                {
                    await _events.Writer.WriteAsync(new GatewayEvent(message, null), cancellationToken);
                }
                else
                {
                    DiscordLog.MalformedFrame(_logger, length, "MESSAGE_CREATE could not be read");
                }

                return null;
            case "INTERACTION_CREATE":
                if (GatewayFrames.TryRead(frame.D, DiscordJsonContext.Default.DiscordInteraction, out var interaction))
                {
                    if (_ingress.Press(interaction, cancellationToken) is { } press)
                    {
                        await _events.Writer.WriteAsync(new GatewayEvent(null, press), cancellationToken);
                    }
                }
                else
                {
                    DiscordLog.MalformedFrame(_logger, length, "INTERACTION_CREATE could not be read");
                }

                return null;
            default:
                return null; // GUILD_CREATE and the rest: not needed by the hub
        }
    }

    /// <summary>
    /// Closes with <see cref="GatewayCloseCodes.ClientReconnecting"/> (not 1000/1001, so the session stays
    /// resumable) and reads until Discord's close echo, for at most <see cref="ShutdownCloseTimeout"/>. Called from
    /// the receive loop, the only reader.
    /// </summary>
    private async Task CloseAndDrainAsync(GatewayConnection connection, string description, CancellationToken cancellationToken)
    {
        await connection.CloseAsync(GatewayCloseCodes.ClientReconnecting, description, cancellationToken);
        using var timeout = new CancellationTokenSource(ShutdownCloseTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            while ((await connection.ReceiveAsync(linked.Token)).Kind != GatewayMessageKind.Closed)
            {
                // Frames after our close are dropped; a resume replays any event among them.
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // No echo: the connection is aborted by the caller.
        }
    }

    private static GatewayDisconnect Closed(GatewayMessage message, bool wasReady)
    {
        var code = message.CloseCode;
        var said = string.IsNullOrWhiteSpace(message.CloseDescription) ? "" : $" \"{message.CloseDescription}\"";
        var reason = code is { } c ? $"close code {c}{said}: {GatewayCloseCodes.Describe(c)}" : "closed by Discord";
        return new GatewayDisconnect(GatewayDisconnectKind.Closed, reason, wasReady, code, Resumable: !GatewayCloseCodes.NeedsNewSession(code));
    }

    private static GatewayDisconnect Failed(string reason) => new(GatewayDisconnectKind.Failed, reason, false);

    private static ValueTask SendAsync<T>(GatewayConnection connection, T payload, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info, CancellationToken cancellationToken) =>
        connection.SendAsync(JsonSerializer.SerializeToUtf8Bytes(payload, info), cancellationToken);

    /// <summary>On stop: close with 1000 (the session ends, the bot shows offline), then give up after a moment.</summary>
    private async Task CloseForShutdownAsync(GatewayConnection connection)
    {
        try
        {
            await connection.CloseAsync(1000, "shutting down", CancellationToken.None);
            await Task.Delay(ShutdownCloseTimeout, _time);
            connection.Abort();
        }
        catch (ObjectDisposedException)
        {
            // The connection ended meanwhile.
        }
    }

    private sealed class ConnectionContext(GatewayConnection connection, GatewayHeartbeat heartbeat)
    {
        public GatewayConnection Connection { get; } = connection;

        public GatewayHeartbeat Heartbeat { get; } = heartbeat;

        /// <summary>READY or RESUMED arrived on this connection.</summary>
        public bool Ready { get; set; }
    }
}
