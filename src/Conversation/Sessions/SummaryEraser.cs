using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Users;

namespace ChatHub.Conversation.Sessions;

/// <summary>Erasure deletes the person's conversation summary.</summary>
public sealed class SummaryEraser(ISummaryStore store) : IUserDataEraser
{
    public async ValueTask<int> EraseAsync(
        string hubUserId, IReadOnlyList<PlatformIdentity> identities, IReadOnlyList<RouteEntry> routes, CancellationToken cancellationToken)
    {
        var had = await store.GetAsync(hubUserId, cancellationToken) is not null;
        await store.ClearAsync(hubUserId, cancellationToken);
        return had ? 1 : 0;
    }
}
