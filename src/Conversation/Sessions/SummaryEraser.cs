using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Users;

namespace ChatHub.Conversation.Sessions;

/// <summary>Erasure deletes the person's conversation summary and the turns of theirs waiting for a fold.</summary>
public sealed class SummaryEraser(ISummaryStore store, SessionSummarizer? summarizer = null) : IUserDataEraser
{
    public async ValueTask<int> EraseAsync(
        string hubUserId, IReadOnlyList<PlatformIdentity> identities, IReadOnlyList<RouteEntry> routes, CancellationToken cancellationToken)
    {
        summarizer?.Forget(hubUserId);
        var had = await store.GetAsync(hubUserId, cancellationToken) is not null;
        await store.ClearAsync(hubUserId, cancellationToken);
        return had ? 1 : 0;
    }
}
