using System.Net.Security;
using System.Net.Sockets;

namespace ChatHub.Resp.Connection;

/// <summary>Opening a transport, the handshake, and reconnecting.</summary>
internal sealed partial class RespConnection
{
    private async Task<RespPhysicalConnection> OpenAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_config.ConnectTimeout, _config.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token, timeout.Token);
        RespPhysicalConnection? connection = null;
        try
        {
            var stream = _config.StreamFactory is { } factory
                ? await factory(linked.Token).ConfigureAwait(false)
                : await OpenTransportAsync(linked.Token).ConfigureAwait(false);
            connection = new RespPhysicalConnection(stream, _config.EndPoint, _config.ReaderOptions, _isOutOfBand, _onOutOfBand);
            connection.Start();
            await HandshakeAsync(connection, linked.Token).ConfigureAwait(false);
            if (_onConnectedAsync is not null)
            {
                await _onConnectedAsync(connection, linked.Token).ConfigureAwait(false);
            }

            return connection;
        }
        catch (Exception ex)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            if (ex is OperationCanceledException && (cancellationToken.IsCancellationRequested || _disposing.IsCancellationRequested))
            {
                throw;
            }

            throw ex switch
            {
                RespConnectionException => ex,
                OperationCanceledException => new RespConnectionException(
                    $"Could not connect to {_config.EndPoint} within {_config.ConnectTimeout.TotalMilliseconds} ms.", ex),
                _ => new RespConnectionException($"Could not connect to {_config.EndPoint}: {ex.Message}", ex),
            };
        }
    }

    private async ValueTask<Stream> OpenTransportAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            await socket.ConnectAsync(_config.Host, _config.Port, cancellationToken).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (!_config.Ssl)
            {
                return stream;
            }

            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            stream = ssl;
            var options = new SslClientAuthenticationOptions
            {
                TargetHost = _config.SslHost ?? _config.Host,
                RemoteCertificateValidationCallback = _config.CertificateValidation,
            };
            await ssl.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
            return ssl;
        }
        catch
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            socket.Dispose();
            throw;
        }
    }

    /// <summary>HELLO 3 / AUTH, SELECT and CLIENT SETNAME, pipelined; any error reply fails the connect.</summary>
    private async Task HandshakeAsync(RespPhysicalConnection connection, CancellationToken cancellationToken)
    {
        var commands = new List<RespCommand>();
        if (_config.Protocol == 3)
        {
            commands.Add(_config.Password is null
                ? new RespCommand("HELLO", ["3"])
                : new RespCommand("HELLO", ["3", "AUTH", _config.User ?? "default", _config.Password]));
        }
        else if (_config.Password is not null)
        {
            commands.Add(_config.User is null
                ? new RespCommand("AUTH", [_config.Password])
                : new RespCommand("AUTH", [_config.User, _config.Password]));
        }

        if (_config.Database != 0)
        {
            commands.Add(new RespCommand("SELECT", [_config.Database]));
        }

        if (_config.ClientName is not null)
        {
            commands.Add(new RespCommand("CLIENT", ["SETNAME", _config.ClientName]));
        }

        if (commands.Count == 0)
        {
            return;
        }

        var replies = connection.EnqueueBatch(commands);
        foreach (var reply in replies)
        {
            var value = await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (value.IsError)
            {
                throw new RespConnectionException(
                    $"The server at {_config.EndPoint} rejected {reply.Command} during the handshake: {value.AsString()}",
                    value.ToException());
            }
        }
    }

    private void Publish(RespPhysicalConnection connection)
    {
        Volatile.Write(ref _current, connection);
        if (Volatile.Read(ref _disposed) != 0)
        {
            connection.Fail(new RespConnectionException($"The client for {_config.EndPoint} was disposed."));
        }

        // Watch after publishing: a connection that died in between is then still noticed.
        _ = WatchAsync(connection);
    }

    private async Task WatchAsync(RespPhysicalConnection connection)
    {
        var reason = await connection.Closed.ConfigureAwait(false);
        if (Interlocked.CompareExchange(ref _current, null, connection) != connection)
        {
            return;
        }

        Volatile.Write(ref _lastFailure, reason);
        await connection.DisposeAsync().ConfigureAwait(false);
        if (_disposing.IsCancellationRequested)
        {
            return;
        }

        RaiseConnectionFailed(reason, 0);
        lock (_gate)
        {
            // A running loop sees _current == null on its next check and carries on; otherwise start one.
            if (!_reconnecting && !_disposing.IsCancellationRequested)
            {
                _reconnecting = true;
                _reconnectLoop = Task.Run(ReconnectLoopAsync);
            }
        }
    }

    private async Task ReconnectLoopAsync()
    {
        var attempt = 0;
        while (true)
        {
            lock (_gate)
            {
                // Checked under the lock that WatchAsync takes after clearing _current, so a connection that dies
                // right after being published is either seen here or starts a new loop there.
                if (_disposing.IsCancellationRequested || Volatile.Read(ref _current) is not null)
                {
                    _reconnecting = false;
                    return;
                }
            }

            attempt++;
            try
            {
                await Task.Delay(Backoff(attempt), _config.TimeProvider, _disposing.Token).ConfigureAwait(false);
                var connection = await OpenAsync(_disposing.Token).ConfigureAwait(false);
                Publish(connection);
                Raise(Reconnected, new RespConnectionEventArgs(_config.EndPoint, null, attempt));
                attempt = 0;
            }
            catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
            {
                lock (_gate)
                {
                    _reconnecting = false;
                }

                return;
            }
            catch (RespConnectionException ex)
            {
                Volatile.Write(ref _lastFailure, ex);
                RaiseConnectionFailed(ex, attempt);
            }
        }
    }

    /// <summary>Exponential backoff from ReconnectMinDelay, capped at ReconnectMaxDelay, with "equal jitter" (50-100%).</summary>
    private TimeSpan Backoff(int attempt)
    {
        var exponential = _config.ReconnectMinDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, _config.ReconnectMaxDelay.TotalMilliseconds);
#pragma warning disable CA5394 // Jitter spreads reconnects out; it needs no cryptographic randomness.
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() * 0.5)));
#pragma warning restore CA5394
    }
}
