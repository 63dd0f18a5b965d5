using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace ChatHub.Redis.Connection;

/// <summary>
/// The process's one <see cref="IConnectionMultiplexer"/>, shared by every store, the hot-question cache's L2 and
/// backplane, and the SignalR backplane. It is created when the host starts (the first hosted service) with
/// <c>abortConnect=false</c>: an unreachable Redis does not fail the start; the multiplexer keeps connecting in the
/// background, the readiness check reports the outage, and commands fail fast meanwhile
/// (<see cref="BacklogPolicy.FailFast"/>) with <see cref="RedisConnectionException"/>, so the retry rules decide.
/// Before the start, <see cref="Multiplexer"/> throws that exception too.
/// </summary>
public sealed class RedisConnection : IHostedService, IAsyncDisposable
{
    private readonly ConfigurationOptions? _options;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<IConnectionMultiplexer> _created = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<IConnectionMultiplexer> _borrowed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IConnectionMultiplexer? _multiplexer;
    private int _disposed;

    /// <summary>Connects from <paramref name="options"/> when the host starts; they are copied, and made fail-fast and non-aborting.</summary>
    public RedisConnection(ConfigurationOptions options, ILogger<RedisConnection>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = RedisConnectionString.Harden(options);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        EndPoint = RedisConnectionString.DescribeEndPoints(_options);
    }

    /// <summary>Wraps a multiplexer that is already open (tools and tests); disposing this disposes it.</summary>
    public RedisConnection(IConnectionMultiplexer multiplexer, ILogger<RedisConnection>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(multiplexer);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        EndPoint = string.Join(",", multiplexer.GetEndPoints().Select(RedisConnectionString.Describe));
        Attach(multiplexer);
    }

    /// <summary><c>host:port</c> of each configured endpoint; never the password.</summary>
    public string EndPoint { get; }

    /// <summary>The shared multiplexer; throws <see cref="RedisConnectionException"/> before the host started.</summary>
    public IConnectionMultiplexer Multiplexer => Volatile.Read(ref _multiplexer) ?? throw NotStarted();

    /// <summary>The default database of <see cref="Multiplexer"/>.</summary>
    public IDatabase Database => Multiplexer.GetDatabase();

    /// <summary>Connected now (the interactive and the subscription connection of the first endpoint).</summary>
    public bool IsConnected => Volatile.Read(ref _multiplexer) is { IsConnected: true };

    /// <summary>Completes with the multiplexer once it exists (connected or still connecting): for the libraries' factories.</summary>
    public Task<IConnectionMultiplexer> GetMultiplexerAsync() => _created.Task;

    /// <summary>
    /// Like <see cref="GetMultiplexerAsync"/>, as a <see cref="BorrowedMultiplexer"/> whose close and dispose do nothing:
    /// for the libraries' factories, as those libraries dispose what they were handed.
    /// </summary>
    public Task<IConnectionMultiplexer> BorrowMultiplexerAsync() => _borrowed.Task;

    /// <summary>Raised after the pub/sub (subscription) connection came back: what was published meanwhile is lost.</summary>
    public event EventHandler? SubscriptionRestored;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options is null || Volatile.Read(ref _multiplexer) is not null)
        {
            return;
        }

        Log.Starting(_logger, EndPoint);
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(_options);
        if (!multiplexer.IsConnected)
        {
            Log.UnreachableAtStart(_logger, EndPoint);
        }
        else
        {
            Log.Connected(_logger, EndPoint);
        }

        if (!Attach(multiplexer))
        {
            await multiplexer.DisposeAsync();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _created.TrySetException(NotStarted());
        _borrowed.TrySetException(NotStarted());
        if (Interlocked.Exchange(ref _multiplexer, null) is { } multiplexer)
        {
            await multiplexer.DisposeAsync();
        }
    }

    private bool Attach(IConnectionMultiplexer multiplexer)
    {
        if (Volatile.Read(ref _disposed) != 0 || Interlocked.CompareExchange(ref _multiplexer, multiplexer, null) is not null)
        {
            return false;
        }

        multiplexer.ConnectionFailed += OnConnectionFailed;
        multiplexer.ConnectionRestored += OnConnectionRestored;
        _created.TrySetResult(multiplexer);
        _borrowed.TrySetResult(BorrowedMultiplexer.Of(multiplexer));
        return true;
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        var endPoint = RedisConnectionString.Describe(e.EndPoint);
        var role = Role(e.ConnectionType);
        var reason = e.FailureType.ToString();
        Log.ConnectionLost(_logger, endPoint, role, reason);
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        var endPoint = RedisConnectionString.Describe(e.EndPoint);
        var role = Role(e.ConnectionType);
        Log.Reconnected(_logger, endPoint, role);

        if (e.ConnectionType == ConnectionType.Subscription)
        {
            SubscriptionRestored?.Invoke(this, EventArgs.Empty);
        }
    }

    private static string Role(ConnectionType type) => type == ConnectionType.Subscription ? "pub/sub" : "commands";

    private RedisConnectionException NotStarted() => new(ConnectionFailureType.UnableToConnect, CommandFlags.None, Volatile.Read(ref _disposed) != 0
        ? $"The Redis connection to {EndPoint} is disposed."
        : $"The Redis connection to {EndPoint} is not started yet.", null, CommandStatus.Unknown);
}
