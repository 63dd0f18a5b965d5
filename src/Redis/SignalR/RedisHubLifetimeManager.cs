using ChatHub.Redis.Connection;
using ChatHub.Resp;
using ChatHub.Resp.PubSub;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Redis.SignalR;

/// <summary>
/// SignalR scale-out over Redis pub/sub (our own backplane; the official package cannot be restored here). Each node
/// keeps its own connections and their group memberships; a send reaches local connections directly and every other
/// node through a channel per target: all, connection, group, user (<see cref="SignalRChannels"/>). A node subscribes
/// to a group's channel while it has members in it. Adding or removing a connection held by another node goes as a
/// request on an internal channel, which that node acknowledges. Messages are serialized once per hub protocol, so the
/// receiving nodes write the bytes as they are. Like the official backplane it assumes sticky sessions (or
/// WebSockets without negotiation), delivers at most once, and loses what is published while pub/sub is down.
/// Client results (<c>InvokeConnectionAsync</c>) are not supported.
/// </summary>
public sealed partial class RedisHubLifetimeManager<THub> : HubLifetimeManager<THub>, IAsyncDisposable
    where THub : Hub
{
    private readonly HubConnectionStore _connections = new();
    private readonly ChannelMembers _groups = new();
    private readonly ChannelMembers _users = new();
    private readonly RedisConnection _redis;
    private readonly SignalRChannels _channels;
    private readonly IHubProtocol[] _protocols;
    private readonly AckHandler _acks;
    private readonly ILogger _logger;
    private readonly string _serverName = Guid.NewGuid().ToString("N");
    private readonly SemaphoreSlim _internalLock = new(1, 1);
    private readonly List<RespSubscription> _internalSubscriptions = [];
    private bool _internalReady;

    public RedisHubLifetimeManager(
        RedisConnection redis,
        RedisKeyspace keys,
        IOptions<RedisOptions> options,
        IHubProtocolResolver protocols,
        IOptions<HubOptions> globalHubOptions,
        IOptions<HubOptions<THub>> hubOptions,
        TimeProvider time,
        ILogger<RedisHubLifetimeManager<THub>> logger)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(protocols);
        ArgumentNullException.ThrowIfNull(globalHubOptions);
        ArgumentNullException.ThrowIfNull(hubOptions);
        ArgumentNullException.ThrowIfNull(time);
        _redis = redis;
        _channels = new SignalRChannels(keys, typeof(THub).FullName ?? typeof(THub).Name);
        var supported = hubOptions.Value.SupportedProtocols ?? globalHubOptions.Value.SupportedProtocols;
        _protocols = [.. protocols.AllProtocols.Where(p => supported is null || supported.Contains(p.Name, StringComparer.OrdinalIgnoreCase))];
        _acks = new AckHandler(options.Value.SignalRAckTimeout, time);
        _logger = logger;
    }

    /// <summary>Raised when a disconnected connection's cleanup is done (its subscriptions and groups are gone); for tests.</summary>
    internal event Action<string>? ConnectionRemoved;

    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await EnsureInternalSubscriptionsAsync(connection.ConnectionAborted);
        var feature = new ScaleoutFeature();
        connection.Features.Set(feature);
        _connections.Add(connection);
        try
        {
            feature.Subscription = await _redis.Subscriber.SubscribeAsync(
                _channels.Connection(connection.ConnectionId),
                (message, token) => DeliverAsync(message, connection, token),
                connection.ConnectionAborted);
            if (!string.IsNullOrEmpty(connection.UserIdentifier))
            {
                await _users.AddAsync(_channels.User(connection.UserIdentifier), connection, SubscribeMembersAsync, connection.ConnectionAborted);
            }
        }
        catch
        {
            _connections.Remove(connection);
            if (feature.Subscription is { } subscription)
            {
                await subscription.DisposeAsync();
            }

            throw;
        }
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connections.Remove(connection);
        if (connection.Features.Get<ScaleoutFeature>() is not { } feature)
        {
            return;
        }

        await IgnoreRedisErrorsAsync(feature.Subscription?.DisposeAsync() ?? ValueTask.CompletedTask);
        string[] groups;
        lock (feature.Groups)
        {
            groups = [.. feature.Groups];
        }

        foreach (var group in groups)
        {
            await IgnoreRedisErrorsAsync(new ValueTask(RemoveGroupCoreAsync(connection, group)));
        }

        if (!string.IsNullOrEmpty(connection.UserIdentifier))
        {
            await IgnoreRedisErrorsAsync(new ValueTask(_users.RemoveAsync(_channels.User(connection.UserIdentifier), connection)));
        }

        ConnectionRemoved?.Invoke(connection.ConnectionId);
    }

    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(groupName);
        return _connections[connectionId] is { } connection
            ? AddGroupCoreAsync(connection, groupName, cancellationToken)
            : SendGroupCommandAsync(GroupAction.Add, connectionId, groupName, cancellationToken);
    }

    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(groupName);
        return _connections[connectionId] is { } connection
            ? RemoveGroupCoreAsync(connection, groupName)
            : SendGroupCommandAsync(GroupAction.Remove, connectionId, groupName, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _acks.CancelAll();
        foreach (var subscription in _internalSubscriptions)
        {
            await IgnoreRedisErrorsAsync(subscription.DisposeAsync());
        }

        _internalSubscriptions.Clear();
        _groups.Dispose();
        _users.Dispose();
        _internalLock.Dispose();
    }

    private async Task AddGroupCoreAsync(HubConnectionContext connection, string groupName, CancellationToken cancellationToken)
    {
        var feature = connection.Features.Get<ScaleoutFeature>()!;
        lock (feature.Groups)
        {
            if (!feature.Groups.Add(groupName))
            {
                return;
            }
        }

        try
        {
            await _groups.AddAsync(_channels.Group(groupName), connection, SubscribeMembersAsync, cancellationToken);
        }
        catch
        {
            lock (feature.Groups)
            {
                feature.Groups.Remove(groupName);
            }

            throw;
        }
    }

    private async Task RemoveGroupCoreAsync(HubConnectionContext connection, string groupName)
    {
        await _groups.RemoveAsync(_channels.Group(groupName), connection);
        if (connection.Features.Get<ScaleoutFeature>() is { } feature)
        {
            lock (feature.Groups)
            {
                feature.Groups.Remove(groupName);
            }
        }
    }

    private async Task SendGroupCommandAsync(GroupAction action, string connectionId, string groupName, CancellationToken cancellationToken)
    {
        await EnsureInternalSubscriptionsAsync(cancellationToken);
        var (id, acked) = _acks.Create();
        Log.SignalRRemoteGroupAction(_logger, action, connectionId);
        var command = new GroupCommand(_serverName, id, action, groupName, connectionId);
        try
        {
            await _redis.Client.PublishAsync(_channels.GroupCommands, ScaleoutMessages.WriteGroupCommand(command), cancellationToken);
        }
        catch
        {
            _acks.Complete(id);
            throw;
        }

        await _acks.WaitAsync(id, acked, $"{action.ToString().ToLowerInvariant()} of connection {connectionId}", cancellationToken);
    }

    private Task<RespSubscription> SubscribeMembersAsync(string channel, HubConnectionStore members, CancellationToken cancellationToken) =>
        _redis.Subscriber.SubscribeAsync(channel, (message, token) => DeliverAsync(message, members, token), cancellationToken);

    /// <summary>Subscribes to <c>all</c>, the group requests and this node's acks, once (retried by the next caller after a failure).</summary>
    private async Task EnsureInternalSubscriptionsAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _internalReady))
        {
            return;
        }

        await _internalLock.WaitAsync(cancellationToken);
        try
        {
            if (_internalReady)
            {
                return;
            }

            var subscriber = _redis.Subscriber;
            try
            {
                _internalSubscriptions.Add(await subscriber.SubscribeAsync(
                    _channels.All, (message, token) => DeliverAsync(message, _connections, token), cancellationToken));
                _internalSubscriptions.Add(await subscriber.SubscribeAsync(_channels.GroupCommands, OnGroupCommandAsync, cancellationToken));
                _internalSubscriptions.Add(await subscriber.SubscribeAsync(_channels.Acks(_serverName), OnAck, cancellationToken));
            }
            catch (RespException ex)
            {
                Log.SignalRSubscribeFailed(_logger, ex.Message);
                foreach (var subscription in _internalSubscriptions)
                {
                    await IgnoreRedisErrorsAsync(subscription.DisposeAsync());
                }

                _internalSubscriptions.Clear();
                throw;
            }

            Volatile.Write(ref _internalReady, true);
        }
        finally
        {
            _internalLock.Release();
        }
    }

    private static async ValueTask IgnoreRedisErrorsAsync(ValueTask task)
    {
        try
        {
            await task;
        }
        catch (RespException)
        {
            // Redis is down: the server forgets our subscriptions with the connection, and nothing renews them.
        }
    }
}
