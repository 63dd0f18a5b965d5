using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Users;
using Microsoft.Extensions.DependencyInjection;

namespace ChatHub.Conversation.Uploads;

/// <summary>Erasure: every upload of every kind that the person's identities still hold (an upload's owner is the identity that sent it).</summary>
public sealed class UploadEraser(
    [FromKeyedServices(UploadKind.Images)] IUploadStore images, [FromKeyedServices(UploadKind.Voice)] IUploadStore voice) : IUserDataEraser
{
    public async ValueTask<int> EraseAsync(string hubUserId, IReadOnlyList<PlatformIdentity> identities, IReadOnlyList<RouteEntry> routes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identities);
        var removed = 0;
        foreach (var identity in identities)
        {
            removed += await images.RemoveOwnerAsync(identity.Channel, identity.UserId, cancellationToken);
            removed += await voice.RemoveOwnerAsync(identity.Channel, identity.UserId, cancellationToken);
        }

        return removed;
    }
}
