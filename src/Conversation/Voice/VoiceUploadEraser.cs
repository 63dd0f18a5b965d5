using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Users;

namespace ChatHub.Conversation.Voice;

/// <summary>Erasure: every voice upload the person's identities still hold.</summary>
public sealed class VoiceUploadEraser(IVoiceUploadStore store) : IUserDataEraser
{
    public async ValueTask<int> EraseAsync(string hubUserId, IReadOnlyList<PlatformIdentity> identities, IReadOnlyList<RouteEntry> routes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identities);
        var removed = 0;
        foreach (var identity in identities)
        {
            removed += await store.RemoveOwnerAsync(identity.Channel, identity.UserId, cancellationToken);
        }

        return removed;
    }
}
