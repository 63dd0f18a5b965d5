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

    public ValueTask<IReadOnlyList<PlatformIdentity>> GetIdentitiesAsync(string hubUserId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<PlatformIdentity> result = _identities.TryGetValue(hubUserId, out var list) ? [.. list] : [];
            return ValueTask.FromResult(result);
        }
    }
}
