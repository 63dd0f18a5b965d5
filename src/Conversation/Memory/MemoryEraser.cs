using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Users;

namespace ChatHub.Conversation.Memory;

/// <summary>Erasure forgets everything the person asked the hub to remember, and their group setting.</summary>
public sealed class MemoryEraser(IMemoryStore store) : IUserDataEraser
{
    public async ValueTask<int> EraseAsync(
        string hubUserId, IReadOnlyList<PlatformIdentity> identities, IReadOnlyList<RouteEntry> routes, CancellationToken cancellationToken)
    {
        var removed = await store.ClearAsync(hubUserId, cancellationToken);
        await store.SetGroupsEnabledAsync(hubUserId, false, cancellationToken);
        return removed;
    }
}
