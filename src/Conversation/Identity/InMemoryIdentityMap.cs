using System.Collections.Concurrent;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Retention;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Identity;

/// <summary>
/// The embedded identity map: two dictionaries kept consistent under one lock for writes. Each identity expires
/// <see cref="RetentionOptions.IdentityLifetime"/> after its last resolve; an expired identity reads as unknown at
/// once and is swept out by the clock (<see cref="SweepSchedule"/>).
/// </summary>
public sealed class InMemoryIdentityMap : IIdentityMap
{
    private readonly ConcurrentDictionary<PlatformIdentity, Owner> _owners = new();
    private readonly Dictionary<string, List<PlatformIdentity>> _identities = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly RetentionOptions _retention;
    private readonly TimeProvider _time;
    private readonly SweepSchedule _sweep;

    public InMemoryIdentityMap(IOptions<RetentionOptions> retention, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(retention);
        _retention = retention.Value;
        _time = time;
        _sweep = new SweepSchedule(time);
    }

    internal int Count => _owners.Count;

    public ValueTask<string> ResolveAsync(PlatformIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var now = Now();
        SweepIfDue(now);
        var expiresAt = now + _retention.IdentityLifetime(identity.Channel).Ticks;
        if (_owners.TryGetValue(identity, out var owner) && owner.IsLive(now))
        {
            owner.Extend(expiresAt);
            return ValueTask.FromResult(owner.HubUserId);
        }

        lock (_gate)
        {
            if (_owners.TryGetValue(identity, out owner) && owner.IsLive(now))
            {
                owner.Extend(expiresAt);
                return ValueTask.FromResult(owner.HubUserId);
            }

            Forget(identity, owner);
            var hubUserId = MessageIds.NewId("u_");
            Own(hubUserId, identity, expiresAt);
            return ValueTask.FromResult(hubUserId);
        }
    }

    public ValueTask<string?> FindAsync(PlatformIdentity identity, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_owners.TryGetValue(identity, out var owner) && owner.IsLive(Now()) ? owner.HubUserId : null);

    public ValueTask<IReadOnlyList<PlatformIdentity>> GetIdentitiesAsync(string hubUserId, CancellationToken cancellationToken)
    {
        var now = Now();
        lock (_gate)
        {
            IReadOnlyList<PlatformIdentity> result = _identities.TryGetValue(hubUserId, out var list)
                ? [.. list.Where(i => _owners.TryGetValue(i, out var o) && o.IsLive(now))]
                : [];
            return ValueTask.FromResult(result);
        }
    }

    public ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken)
    {
        if (fromHubUserId == intoHubUserId)
        {
            return ValueTask.CompletedTask;
        }

        lock (_gate)
        {
            if (!_identities.Remove(fromHubUserId, out var moving))
            {
                return ValueTask.CompletedTask;
            }

            if (!_identities.TryGetValue(intoHubUserId, out var target))
            {
                _identities[intoHubUserId] = target = [];
            }

            foreach (var identity in moving)
            {
                // Each identity keeps its own expiry.
                var expiresAt = _owners.TryGetValue(identity, out var owner) ? owner.ExpiresAt : Now();
                target.Add(identity);
                _owners[identity] = new Owner(intoHubUserId, expiresAt);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<string> DetachAsync(PlatformIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        lock (_gate)
        {
            _owners.TryGetValue(identity, out var owner);
            Forget(identity, owner);
            var fresh = MessageIds.NewId("u_");
            Own(fresh, identity, Now() + _retention.IdentityLifetime(identity.Channel).Ticks);
            return ValueTask.FromResult(fresh);
        }
    }

    public ValueTask<IReadOnlyList<PlatformIdentity>> RemoveUserAsync(string hubUserId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_identities.Remove(hubUserId, out var list))
            {
                return ValueTask.FromResult<IReadOnlyList<PlatformIdentity>>([]);
            }

            foreach (var identity in list)
            {
                if (_owners.TryGetValue(identity, out var owner) && owner.HubUserId == hubUserId)
                {
                    _owners.TryRemove(new KeyValuePair<PlatformIdentity, Owner>(identity, owner));
                }
            }

            return ValueTask.FromResult<IReadOnlyList<PlatformIdentity>>(list);
        }
    }

    private long Now() => _time.GetUtcNow().UtcTicks;

    /// <summary>Under the gate: <paramref name="identity"/> belongs to <paramref name="hubUserId"/>.</summary>
    private void Own(string hubUserId, PlatformIdentity identity, long expiresAt)
    {
        if (!_identities.TryGetValue(hubUserId, out var list))
        {
            _identities[hubUserId] = list = [];
        }

        list.Add(identity);
        _owners[identity] = new Owner(hubUserId, expiresAt);
    }

    /// <summary>Under the gate: takes <paramref name="identity"/> out of its owner's list (the owner entry is replaced by the caller or removed).</summary>
    private void Forget(PlatformIdentity identity, Owner? owner)
    {
        if (owner is not null && _identities.TryGetValue(owner.HubUserId, out var list))
        {
            list.Remove(identity);
            if (list.Count == 0)
            {
                _identities.Remove(owner.HubUserId);
            }
        }
    }

    private void SweepIfDue(long now)
    {
        if (!_sweep.IsDue(new DateTimeOffset(now, TimeSpan.Zero)))
        {
            return;
        }

        lock (_gate)
        {
            foreach (var (identity, owner) in _owners)
            {
                if (!owner.IsLive(now))
                {
                    Forget(identity, owner);
                    _owners.TryRemove(new KeyValuePair<PlatformIdentity, Owner>(identity, owner));
                }
            }
        }
    }

    private sealed class Owner(string hubUserId, long expiresAt)
    {
        private long _expiresAt = expiresAt;

        public string HubUserId { get; } = hubUserId;

        public long ExpiresAt => Volatile.Read(ref _expiresAt);

        public bool IsLive(long now) => ExpiresAt > now;

        public void Extend(long expiresAt)
        {
            var current = Volatile.Read(ref _expiresAt);
            while (expiresAt > current)
            {
                var seen = Interlocked.CompareExchange(ref _expiresAt, expiresAt, current);
                if (seen == current)
                {
                    return;
                }

                current = seen;
            }
        }
    }
}
