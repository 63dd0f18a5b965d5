namespace ChatHub.Resp.Connection;

/// <summary>
/// One long-lived multiplexed connection to one endpoint: many concurrent callers share it (pipelining, FIFO reply
/// matching in <see cref="RespPhysicalConnection"/>). When it is lost, every waiting command fails with
/// <see cref="RespConnectionException"/> and a background loop reconnects with exponential backoff and jitter.
/// While disconnected, new commands fail fast with <see cref="RespConnectionException"/> (they are not queued).
/// </summary>
internal sealed partial class RespConnection : IAsyncDisposable
{
    private readonly RespConfiguration _config;
    private readonly Func<RespValue, bool>? _isOutOfBand;
    private readonly Action<RespValue>? _onOutOfBand;
    private readonly Func<RespPhysicalConnection, CancellationToken, Task>? _onConnectedAsync;
    private readonly CancellationTokenSource _disposing = new();
    private readonly Lock _gate = new();
    private RespPhysicalConnection? _current;
    private RespConnectionException? _lastFailure;
    private Task _reconnectLoop = Task.CompletedTask;
    private bool _reconnecting;
    private int _disposed;

    /// <param name="config">Validated configuration.</param>
    /// <param name="isOutOfBand">Picks frames that answer no command; by default RESP3 pushes.</param>
    /// <param name="onOutOfBand">Receives them on the read loop; must only hand them off.</param>
    /// <param name="onConnectedAsync">Runs after the handshake on every (re)connect, before callers can use the connection.</param>
    public RespConnection(
        RespConfiguration config,
        Func<RespValue, bool>? isOutOfBand = null,
        Action<RespValue>? onOutOfBand = null,
        Func<RespPhysicalConnection, CancellationToken, Task>? onConnectedAsync = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        _config = config;
        _isOutOfBand = isOutOfBand ?? (static value => value.Type == RespType.Push);
        _onOutOfBand = onOutOfBand;
        _onConnectedAsync = onConnectedAsync;
    }

    /// <summary>Raised (off the read loop) when the connection is lost and when a reconnect attempt fails.</summary>
    public event EventHandler<RespConnectionEventArgs>? ConnectionFailed;

    /// <summary>Raised after a lost connection was re-established (handshake and <c>onConnectedAsync</c> done).</summary>
    public event EventHandler<RespConnectionEventArgs>? Reconnected;

    public RespConfiguration Configuration => _config;

    public bool IsConnected => Volatile.Read(ref _current) is { IsClosed: false };

    /// <summary>The object passed as sender to the events (the public facade).</summary>
    public object? EventSender { get; set; }

    /// <summary>Opens the first connection. Throws <see cref="RespConnectionException"/> if it cannot (no retry).</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        Publish(connection);
    }

    /// <summary>
    /// Queues a command and waits for its reply, error replies included (as values). The command is queued before
    /// this method returns, so calls made one after another are sent in that order.
    /// </summary>
    public Task<RespValue> SendAsync(string command, IReadOnlyList<RespArg> args, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<RespValue>(cancellationToken);
        }

        var reply = CurrentOrThrow().Enqueue(command, args);
        return WaitAsync(reply, cancellationToken);
    }

    /// <summary>Like <see cref="SendAsync"/>, but an error reply throws <see cref="RespServerException"/>.</summary>
    public async Task<RespValue> ExecuteAsync(string command, IReadOnlyList<RespArg> args, CancellationToken cancellationToken)
    {
        var value = await SendAsync(command, args, cancellationToken).ConfigureAwait(false);
        return value.IsError ? throw value.ToException() : value;
    }

    /// <summary>Queues commands back to back and waits for all replies (error replies as values).</summary>
    public async Task<RespValue[]> SendBatchAsync(IReadOnlyList<RespCommand> commands, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var replies = CurrentOrThrow().EnqueueBatch(commands);
        var values = new RespValue[replies.Length];
        for (var i = 0; i < replies.Length; i++)
        {
            try
            {
                values[i] = await WaitAsync(replies[i], cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                foreach (var rest in replies.AsSpan(i + 1))
                {
                    rest.Abandon();
                }

                throw;
            }
        }

        return values;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        Task loop;
        lock (_gate)
        {
            loop = _reconnectLoop;
        }

        await loop.ConfigureAwait(false);
        var current = Interlocked.Exchange(ref _current, null);
        if (current is not null)
        {
            current.Fail(new RespConnectionException($"The client for {_config.EndPoint} was disposed."));
            await current.DisposeAsync().ConfigureAwait(false);
        }
    }

    private RespPhysicalConnection CurrentOrThrow()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var current = Volatile.Read(ref _current);
        if (current is null)
        {
            var reason = Volatile.Read(ref _lastFailure);
            throw new RespConnectionException(
                $"Not connected to {_config.EndPoint}; reconnecting in the background. {reason?.Message}".TrimEnd(), reason);
        }

        return current;
    }

    private async Task<RespValue> WaitAsync(PendingReply reply, CancellationToken cancellationToken)
    {
        try
        {
            return await reply.Task.WaitAsync(_config.CommandTimeout, _config.TimeProvider, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The command keeps its place in the reply queue; its reply is discarded when it comes.
            reply.Abandon();
            throw new RespTimeoutException(
                $"No reply to {reply.Command} from {_config.EndPoint} within {_config.CommandTimeout.TotalMilliseconds} ms.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            reply.Abandon();
            throw;
        }
    }

    private void RaiseConnectionFailed(Exception exception, int attempt) =>
        Raise(ConnectionFailed, new RespConnectionEventArgs(_config.EndPoint, exception, attempt));

    private void Raise(EventHandler<RespConnectionEventArgs>? handler, RespConnectionEventArgs args)
    {
        try
        {
            handler?.Invoke(EventSender ?? this, args);
        }
#pragma warning disable CA1031 // A subscriber's bug must not stop the reconnect loop.
        catch (Exception)
#pragma warning restore CA1031
        {
            // Nothing to report it to: the events are the reporting channel.
        }
    }
}
