using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using ChatHub.Adapters.Slack.Api;
using ChatHub.Adapters.Slack.Ingress;
using ChatHub.Conversation.Bus;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Slack.SocketMode;

/// <summary>
/// Socket Mode (api.slack.com/apis/socket-mode), the development alternative to a public URL, like Telegram's
/// polling: <c>apps.connections.open</c> with the app-level token gives a single-use WebSocket URL; Slack sends
/// <c>hello</c>, then envelopes (<c>{"envelope_id","type":"events_api","payload":{…event_callback…},"retry_attempt"}</c>)
/// that must be acknowledged with <c>{"envelope_id"}</c>. An <c>interactive</c> envelope holding a button press goes to
/// <see cref="SlackIngress.HandlePressAsync"/>. An <c>events_api</c> envelope goes through the same
/// <see cref="SlackIngress"/> as the Events API and is acknowledged only once published (or a duplicate, or ignored):
/// if publishing fails it is not acknowledged, and Slack sends it again. Other envelopes (slash commands,
/// interactivity) are acknowledged and ignored. A <c>disconnect</c> (Slack rotates connections) is followed by a new
/// connection at once; a dropped or failed one by capped exponential backoff. A rejected app token stops the loop.
/// </summary>
internal sealed class SlackSocketModeService : BackgroundService
{
    private const int MaxFrameBytes = 1024 * 1024;

    private readonly SlackWebApiClient _client;
    private readonly SlackIngress _ingress;
    private readonly SlackBotIdentity _identity;
    private readonly SlackHealth _health;
    private readonly SlackOptions _options;
    private readonly RetryPolicy _backoff;
    private readonly TimeProvider _time;
    private readonly ILogger<SlackSocketModeService> _logger;
    private int _failures; // in a row; reset by hello

    public SlackSocketModeService(
        SlackWebApiClient client,
        SlackIngress ingress,
        SlackBotIdentity identity,
        SlackHealth health,
        IOptions<SlackOptions> options,
        TimeProvider time,
        ILogger<SlackSocketModeService> logger)
    {
        _client = client;
        _ingress = ingress;
        _identity = identity;
        _health = health;
        _options = options.Value;
        _backoff = new RetryPolicy(int.MaxValue, _options.ReconnectBaseDelay, _options.ReconnectMaxDelay);
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Mode != SlackMode.SocketMode)
        {
            return;
        }

        try
        {
            await _identity.WhenKnown.WaitAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                string reason;
                try
                {
                    (var rotate, reason) = await ConnectOnceAsync(stoppingToken);
                    if (rotate)
                    {
                        continue;
                    }

                    if (reason.Length == 0)
                    {
                        return; // stopped for good (logged)
                    }
                }
                catch (Exception ex) when (ex is WebSocketException or JsonException or HttpRequestException or IOException
                    || (ex is OperationCanceledException && !stoppingToken.IsCancellationRequested))
                {
                    reason = ex is OperationCanceledException ? "timed out" : ex.GetType().Name;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // The loop boundary: a bug must not stop the host or end the connection for good.
                    _failures++;
                    var backoff = _backoff.DelayFor(_failures);
                    SlackLog.SocketLoopFailed(_logger, backoff, ex);
                    _health.Disconnected("the connection loop failed", _failures);
                    await Task.Delay(backoff, _time, stoppingToken);
                    continue;
                }

                _failures++;
                var delay = _backoff.DelayFor(_failures);
                SlackMetrics.Disconnects.Add(1, new KeyValuePair<string, object?>("reason", "dropped"));
                SlackLog.SocketDropped(_logger, reason, delay);
                _health.Disconnected(reason, _failures);
                await Task.Delay(delay, _time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// One connection. (true, _): Slack asked for a new connection; (false, reason): it dropped or failed;
    /// (false, ""): stopped for good.
    /// </summary>
    private async Task<(bool Rotate, string Reason)> ConnectOnceAsync(CancellationToken stoppingToken)
    {
        var opened = await _client.OpenConnectionAsync(stoppingToken);
        if (opened.Error is { Kind: SlackErrorKind.Unauthorized } rejected)
        {
            SlackLog.TokenRejected(_logger, rejected.Description);
            _health.Stopped($"Slack rejected the app-level token ({rejected.Description})");
            return (false, "");
        }

        if (opened.Value?.Url is not { } url || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "wss" && uri.Scheme != "ws"))
        {
            return (false, opened.Error?.ToString() ?? "apps.connections.open answered without a WebSocket URL");
        }

        using var socket = new ClientWebSocket();
        using (var connect = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
        {
            connect.CancelAfter(_options.SocketConnectTimeout);
            await socket.ConnectAsync(uri, connect.Token);
        }

        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            buffer.ResetWrittenCount();
            if (!await ReceiveAsync(socket, buffer, stoppingToken))
            {
                return (false, $"closed by Slack ({socket.CloseStatus?.ToString() ?? "no status"})");
            }

            if (SlackEventReader.TryReadFrame(buffer.WrittenSpan, out var error) is not { } frame)
            {
                SlackLog.SocketFrameIgnored(_logger, buffer.WrittenCount, error);
                continue;
            }

            switch (frame.Type)
            {
                case "hello":
                    _failures = 0;
                    SlackLog.SocketConnected(_logger);
                    _health.Ready($"bot {_identity.UserId} in workspace {_identity.TeamId}, Socket Mode connected");
                    continue;
                case "disconnect":
                    SlackLog.SocketDisconnectRequested(_logger, frame.Reason);
                    SlackMetrics.Disconnects.Add(1, new KeyValuePair<string, object?>("reason", frame.Reason is "warning" or "refresh_requested" or "link_disabled" ? frame.Reason : "other"));
                    await CloseQuietlyAsync(socket);
                    return (true, "");
            }

            if (frame.EnvelopeId is not { Length: > 0 and <= 200 } envelopeId)
            {
                SlackLog.SocketFrameIgnored(_logger, buffer.WrittenCount, $"type {frame.Type} without an envelope_id");
                continue;
            }

            if (frame.Type == "events_api" && frame.Payload is { Type: "event_callback" } payload)
            {
                try
                {
                    await _ingress.HandleAsync(payload, frame.RetryAttempt ?? 0, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    SlackLog.EventPublishFailed(_logger, payload.EventId, ex);
                    continue; // not acknowledged: Slack sends it again
                }
            }
            else if (frame.Type == "interactive" && ReadPress(buffer.WrittenMemory) is { } press)
            {
                try
                {
                    await _ingress.HandlePressAsync(press, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    SlackLog.EventPublishFailed(_logger, press.ActionTs ?? "", ex);
                    continue; // not acknowledged: Slack shows the person that it failed
                }
            }
            else
            {
                SlackLog.EnvelopeIgnored(_logger, envelopeId, frame.Type);
            }

            var ack = JsonSerializer.SerializeToUtf8Bytes(new SocketModeAck { EnvelopeId = envelopeId }, SlackEventJsonContext.Default.SocketModeAck);
            await socket.SendAsync(ack, WebSocketMessageType.Text, endOfMessage: true, stoppingToken);
        }
    }

    /// <summary>An <c>interactive</c> envelope's button press (its <c>payload</c>), or null.</summary>
    private static SlackBlockAction? ReadPress(ReadOnlyMemory<byte> frame)
    {
        try
        {
            using var document = JsonDocument.Parse(frame);
            return document.RootElement.TryGetProperty("payload", out var payload) ? SlackBlockAction.Read(payload) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>One whole message into <paramref name="buffer"/>; false when the socket closed. A message past 1 MiB drops the connection.</summary>
    private static async Task<bool> ReceiveAsync(ClientWebSocket socket, ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(8 * 1024), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return false;
            }

            buffer.Advance(result.Count);
            if (buffer.WrittenCount > MaxFrameBytes)
            {
                throw new WebSocketException(WebSocketError.InvalidMessageType, "a Socket Mode message over 1 MiB");
            }

            if (result.EndOfMessage)
            {
                return true;
            }
        }
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "reconnecting", timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Slack is closing it anyway.
        }
    }
}
