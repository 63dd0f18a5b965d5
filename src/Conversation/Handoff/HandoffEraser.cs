using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Users;

namespace ChatHub.Conversation.Handoff;

/// <summary>Erasure ends the person's open hand-off (its ticket names them and their conversation).</summary>
public sealed class HandoffEraser(IHandoffStore store) : IUserDataEraser
{
    public async ValueTask<int> EraseAsync(
        string hubUserId, IReadOnlyList<PlatformIdentity> identities, IReadOnlyList<RouteEntry> routes, CancellationToken cancellationToken) =>
        await store.GetByPersonAsync(hubUserId, cancellationToken) is { } ticket && await store.TryEndAsync(ticket, cancellationToken) ? 1 : 0;
}
