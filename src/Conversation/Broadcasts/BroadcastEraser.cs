using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Users;

namespace ChatHub.Conversation.Broadcasts;

/// <summary>Erasure forgets the person's broadcast preference and their name and route in every broadcast run (<see cref="IBroadcastStore.EraseUserAsync"/>).</summary>
public sealed class BroadcastEraser(IBroadcastStore store) : IUserDataEraser
{
    public ValueTask<int> EraseAsync(
        string hubUserId, IReadOnlyList<PlatformIdentity> identities, IReadOnlyList<RouteEntry> routes, CancellationToken cancellationToken) =>
        store.EraseUserAsync(hubUserId, cancellationToken);
}
