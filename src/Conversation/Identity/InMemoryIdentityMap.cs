using System.Collections.Concurrent;
using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Identity;

/// <summary>The embedded identity map: two dictionaries kept consistent under one lock for writes.</summary>
public sealed class InMemoryIdentityMap : IIdentityMap
{
    private readonly ConcurrentDictionary<PlatformIdentity, string> _owners = new();
    private readonly Dictionary<string, List<PlatformIdentity>> _identities = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ValueTask<string> ResolveAsync(PlatformIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (_owners.TryGetValue(identity, out var owner))
        {
            return ValueTask.FromResult(owner);
        }

        lock (_gate)
        {
            if (!_owners.TryGetValue(identity, out owner))
            {
                owner = MessageIds.NewId("u_");
                _identities[owner] = [identity];
                _owners[identity] = owner;
            }
        }

        return ValueTask.FromResult(owner);
    }

    public ValueTask<string?> FindAsync(PlatformIdentity identity, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_owners.TryGetValue(identity, out var owner) ? owner : null);

    public ValueTask<IReadOnlyList<PlatformIdentity>> GetIdentitiesAsync(string hubUserId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<PlatformIdentity> result = _identities.TryGetValue(hubUserId, out var list) ? [.. list] : [];
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
                target.Add(identity);
                _owners[identity] = intoHubUserId;
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<string> DetachAsync(PlatformIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        lock (_gate)
        {
            if (_owners.TryGetValue(identity, out var owner) && _identities.TryGetValue(owner, out var list))
            {
                list.Remove(identity);
                if (list.Count == 0)
                {
                    _identities.Remove(owner);
                }
            }

            var fresh = MessageIds.NewId("u_");
            _identities[fresh] = [identity];
            _owners[identity] = fresh;
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
                _owners.TryRemove(new KeyValuePair<PlatformIdentity, string>(identity, hubUserId));
            }

            return ValueTask.FromResult<IReadOnlyList<PlatformIdentity>>(list);
        }
    }
}
