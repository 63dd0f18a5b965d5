using ChatHub.Resp.Connection;

namespace ChatHub.Resp;

/// <summary>
/// A thread-safe Redis client over one multiplexed connection: share one instance per endpoint. Every call may fail with
/// <see cref="RespServerException"/> (error reply), <see cref="RespTimeoutException"/> (no reply within the command
/// timeout) or <see cref="RespConnectionException"/> (connection down; it reconnects by itself; see
/// <see cref="Reconnected"/>). Do not send blocking commands (BLPOP...) or SUBSCRIBE here: they would stall every
/// other caller; pub/sub has its own connection in <see cref="PubSub.RespSubscriber"/>.
/// </summary>
public sealed partial class RespClient : IAsyncDisposable
{
    private static readonly HashSet<string> ForbiddenCommands = new(StringComparer.OrdinalIgnoreCase)
    {
        "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE", "MONITOR", "MULTI",
        "EXEC", "DISCARD", "WATCH", "UNWATCH", "QUIT", "RESET", "HELLO", "AUTH", "SELECT",
    };

    private readonly RespConnection _connection;

    private RespClient(RespConnection connection)
    {
        _connection = connection;
        _connection.EventSender = this;
    }

    /// <summary>Raised when the connection is lost and when a reconnect attempt fails.</summary>
    public event EventHandler<RespConnectionEventArgs>? ConnectionFailed
    {
        add => _connection.ConnectionFailed += value;
        remove => _connection.ConnectionFailed -= value;
    }

    /// <summary>Raised once a lost connection is back (AUTH, SELECT and CLIENT SETNAME already redone).</summary>
    public event EventHandler<RespConnectionEventArgs>? Reconnected
    {
        add => _connection.Reconnected += value;
        remove => _connection.Reconnected -= value;
    }

    public RespConfiguration Configuration => _connection.Configuration;

    /// <summary>False while the connection is down and being re-established (commands then fail fast).</summary>
    public bool IsConnected => _connection.IsConnected;

    /// <summary>Connects (handshake included) or throws <see cref="RespConnectionException"/>.</summary>
    public static async Task<RespClient> ConnectAsync(RespConfiguration configuration, CancellationToken cancellationToken = default)
    {
        var connection = new RespConnection(configuration);
        try
        {
            await connection.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new RespClient(connection);
    }

    /// <summary>Parses <paramref name="configuration"/> (see <see cref="RespConfiguration.Parse"/>) and connects.</summary>
    public static Task<RespClient> ConnectAsync(string configuration, CancellationToken cancellationToken = default) =>
        ConnectAsync(RespConfiguration.Parse(configuration), cancellationToken);

    /// <summary>Sends any command; an error reply throws <see cref="RespServerException"/>.</summary>
    public Task<RespValue> ExecuteAsync(string command, IReadOnlyList<RespArg> args, CancellationToken cancellationToken = default)
    {
        ThrowIfForbidden(command);
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count > 0 && string.Equals(command, "CLIENT", StringComparison.OrdinalIgnoreCase)
            && string.Equals(args[0].ToString(), "REPLY", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("CLIENT REPLY would stop replies that other callers are matched to.", nameof(args));
        }

        return _connection.ExecuteAsync(command, args, cancellationToken);
    }

    public Task<RespValue> ExecuteAsync(string command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, [], cancellationToken);

    /// <summary>
    /// Runs <paramref name="commands"/> atomically: MULTI, the commands and EXEC are queued back to back, so no other
    /// caller's command lands in between. Returns EXEC's replies (a failed command's reply is an error value).
    /// </summary>
    public async Task<IReadOnlyList<RespValue>> ExecuteTransactionAsync(
        IReadOnlyList<RespCommand> commands, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var batch = new List<RespCommand>(commands.Count + 2) { new("MULTI", []) };
        foreach (var command in commands)
        {
            ThrowIfForbidden(command.Name);
            batch.Add(command);
        }

        batch.Add(new RespCommand("EXEC", []));
        var replies = await _connection.SendBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        var firstError = Array.Find(replies, static reply => reply.IsError);
        var exec = replies[^1];
        return exec.IsError ? throw (firstError ?? exec).ToException()
            : exec.IsNull ? throw new RespServerException("EXECABORT Transaction discarded.")
            : exec.Items;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private static void ThrowIfForbidden(string command)
    {
        if (command is not null && ForbiddenCommands.Contains(command))
        {
            throw new ArgumentException(
                $"{command} cannot be sent on the shared connection: use RespSubscriber for pub/sub, "
                + "ExecuteTransactionAsync for MULTI/EXEC, and RespConfiguration for AUTH/SELECT/HELLO.",
                nameof(command));
        }
    }
}
