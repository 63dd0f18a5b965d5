using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Users;

namespace ChatHub.Conversation.Usage;

/// <summary>Erasure removes the person's usage rows and budget notices, written or still waiting for a flush.</summary>
public sealed class UsageEraser(IUsageStore store, UsageRecorder recorder) : IUserDataEraser
{
    public async ValueTask<int> EraseAsync(
        string hubUserId, IReadOnlyList<PlatformIdentity> identities, IReadOnlyList<RouteEntry> routes, CancellationToken cancellationToken)
    {
        var pending = recorder.Forget(hubUserId);
        return pending + await store.EraseAsync(hubUserId, cancellationToken);
    }
}
