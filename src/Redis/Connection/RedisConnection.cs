using ChatHub.Resp;
using ChatHub.Resp.PubSub;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatHub.Redis.Connection;

/// <summary>
/// The process's two Redis connections: one <see cref="RespClient"/> for commands, shared by every store, and one
/// <see cref="RespSubscriber"/> for pub/sub. <see cref="StartAsync"/> tries once and, when Redis is unreachable, keeps
/// trying in the background instead of failing the host: until then <see cref="Client"/> and <see cref="Subscriber"/>
/// throw <see cref="RespConnectionException"/> at once (the same fail-fast rule as a client that lost its connection),
/// and the readiness check reports the outage. Once connected, the RESP client reconnects by itself.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    private readonly RespConfiguration _configuration;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private RespClient? _client;
    private RespSubscriber? _subscriber;
    private Task _retryLoop = Task.CompletedTask;
    private int _disposed;

    public RedisConnection(RespConfiguration configuration, ILogger<RedisConnection>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Validate();
        _configuration = configuration;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Wraps connections that are already open (tools and tests); disposing this disposes them.</summary>
    public RedisConnection(RespClient client, RespSubscriber subscriber, ILogger<RedisConnection>? logger = null)
        : this(client?.Configuration ?? throw new ArgumentNullException(nameof(client)), logger)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        Attach(client);
        Attach(subscriber);
        _connected.TrySetResult();
    }

    /// <summary><c>host:port</c>; never the password.</summary>
    public string EndPoint => _configuration.EndPoint;

    /// <summary>The command connection; throws <see cref="RespConnectionException"/> until the first connect succeeded.</summary>
    public RespClient Client => Volatile.Read(ref _client) ?? throw NotConnected();

    /// <summary>The pub/sub connection; throws <see cref="RespConnectionException"/> until the first connect succeeded.</summary>
    public RespSubscriber Subscriber => Volatile.Read(ref _subscriber) ?? throw NotConnected();

    /// <summary>Both connections are up now.</summary>
    public bool IsConnected => Volatile.Read(ref _client) is { IsConnected: true } && Volatile.Read(ref _subscriber) is { IsConnected: true };

    /// <summary>Completes once both connections have been established (the first time).</summary>
    public Task Connected => _connected.Task;

    /// <summary>
    /// Connects both connections, or, when that fails, logs why and goes on connecting in the background (backoff from
    /// <see cref="RespConfiguration.ReconnectMinDelay"/> to <see cref="RespConfiguration.ReconnectMaxDelay"/>).
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Log.Starting(_logger, EndPoint);
        if (await TryConnectAsync(attempt: 0, cancellationToken))
        {
            return;
        }

        _retryLoop = Task.Run(RetryLoopAsync, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _retryLoop;
        _connected.TrySetCanceled();
        if (Interlocked.Exchange(ref _subscriber, null) is { } subscriber)
        {
            await subscriber.DisposeAsync();
        }

        if (Interlocked.Exchange(ref _client, null) is { } client)
        {
            await client.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private async Task RetryLoopAsync()
    {
        var delay = _configuration.ReconnectMinDelay;
        for (var attempt = 1; !_stopping.IsCancellationRequested; attempt++)
        {
            // Equal jitter: half the step fixed, half random, so restarted nodes do not reconnect in lockstep.
            var wait = (delay / 2) + (delay / 2 * Random.Shared.NextDouble());
            try
            {
                await Task.Delay(wait, _configuration.TimeProvider, _stopping.Token);
                if (await TryConnectAsync(attempt, _stopping.Token))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _configuration.ReconnectMaxDelay.Ticks));
        }
    }

    private async Task<bool> TryConnectAsync(int attempt, CancellationToken cancellationToken)
    {
        var client = Volatile.Read(ref _client) is null ? ConnectClientAsync(cancellationToken) : Task.CompletedTask;
        var subscriber = Volatile.Read(ref _subscriber) is null ? ConnectSubscriberAsync(cancellationToken) : Task.CompletedTask;
        try
        {
            await Task.WhenAll(client, subscriber);
        }
        catch (RespConnectionException ex)
        {
            if (attempt == 0)
            {
                Log.UnreachableAtStart(_logger, EndPoint, ex.Message);
            }
            else
            {
                Log.ConnectAttemptFailed(_logger, EndPoint, attempt, ex.Message);
            }

            return false;
        }

        Log.Connected(_logger, EndPoint);
        _connected.TrySetResult();
        return true;
    }

    private async Task ConnectClientAsync(CancellationToken cancellationToken)
    {
        var client = await RespClient.ConnectAsync(_configuration, cancellationToken);
        if (!Attach(client))
        {
            await client.DisposeAsync();
        }
    }

    private async Task ConnectSubscriberAsync(CancellationToken cancellationToken)
    {
        var subscriber = await RespSubscriber.ConnectAsync(_configuration, cancellationToken);
        if (!Attach(subscriber))
        {
            await subscriber.DisposeAsync();
        }
    }

    private bool Attach(RespClient client)
    {
        client.ConnectionFailed += (_, e) => OnConnectionFailed("commands", e);
        client.Reconnected += (_, e) => Log.Reconnected(_logger, e.EndPoint, "commands");
        return Volatile.Read(ref _disposed) == 0 && Interlocked.CompareExchange(ref _client, client, null) is null;
    }

    private bool Attach(RespSubscriber subscriber)
    {
        subscriber.ConnectionFailed += (_, e) => OnConnectionFailed("pub/sub", e);
        subscriber.Reconnected += (_, e) => Log.Reconnected(_logger, e.EndPoint, "pub/sub");
        subscriber.HandlerFailed += (_, e) => Log.HandlerFailed(_logger, e.Channel, e.Exception);
        return Volatile.Read(ref _disposed) == 0 && Interlocked.CompareExchange(ref _subscriber, subscriber, null) is null;
    }

    private void OnConnectionFailed(string role, RespConnectionEventArgs e)
    {
        var reason = e.Exception?.Message ?? "unknown";
        if (e.Attempt == 0)
        {
            Log.ConnectionLost(_logger, e.EndPoint, role, reason);
        }
        else
        {
            Log.ReconnectFailed(_logger, e.EndPoint, role, e.Attempt, reason);
        }
    }

    private RespConnectionException NotConnected() => new(Volatile.Read(ref _disposed) != 0
        ? $"The Redis connection to {EndPoint} is disposed."
        : $"Not connected to Redis at {EndPoint} yet; connecting in the background.");
}
