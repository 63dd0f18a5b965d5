using System.Collections.Concurrent;
using ChatHub.Resp;
using ChatHub.Resp.PubSub;
using Microsoft.AspNetCore.SignalR;

namespace ChatHub.Redis.SignalR;

/// <summary>
/// This node's connections per group (or user) channel, and the one subscription each such channel needs while it has
/// local members: subscribed with the first member, unsubscribed with the last. Changes are serialized, so a channel
/// never has two live subscriptions (which would deliver twice). Each subscription's handler delivers to the member
/// set it was created with, so a late message of an old subscription reaches nobody twice.
/// </summary>
internal sealed class ChannelMembers : IDisposable
{
    private readonly ConcurrentDictionary<string, Entry> _channels = new(StringComparer.Ordinal); // written under _lock
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>The local members of <paramref name="channel"/> (none when it has none here).</summary>
    public HubConnectionStore? Find(string channel) => _channels.TryGetValue(channel, out var entry) ? entry.Members : null;

    /// <summary>Adds a member, subscribing first when it is the channel's first; a failed subscribe adds nothing.</summary>
    public async Task AddAsync(
        string channel, HubConnectionContext connection,
        Func<string, HubConnectionStore, CancellationToken, Task<RespSubscription>> subscribe, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (!_channels.TryGetValue(channel, out var entry))
            {
                var members = new HubConnectionStore();
                var subscription = await subscribe(channel, members, cancellationToken);
                entry = new Entry(members, subscription);
                _channels[channel] = entry;
            }

            entry.Members.Add(connection);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Removes a member, unsubscribing when it was the channel's last.</summary>
    public async Task RemoveAsync(string channel, HubConnectionContext connection)
    {
        await _lock.WaitAsync();
        try
        {
            if (!_channels.TryGetValue(channel, out var entry))
            {
                return;
            }

            entry.Members.Remove(connection);
            if (entry.Members.Count == 0)
            {
                _channels.TryRemove(channel, out _);

                // The handler goes at once (even while Redis is down); only the UNSUBSCRIBE reply is awaited, and if
                // it fails the server at worst sends a few messages that no handler takes.
                try
                {
                    await entry.Subscription.DisposeAsync();
                }
                catch (RespException)
                {
                    // Redis is down or slow: the subscription is gone here, and a new connection will not renew it.
                }
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();

    private sealed record Entry(HubConnectionStore Members, RespSubscription Subscription);
}
