using ChatHub.Conversation.Identity;
using ChatHub.Inference.ModelStage;

namespace ChatHub.Hub.ModelStage;

/// <summary>The model's <c>linked_platforms</c> tool, answered from the identity map.</summary>
internal sealed class HubPersonDirectory(IIdentityMap identities) : IPersonDirectory
{
    public async ValueTask<IReadOnlyList<string>> GetLinkedPlatformsAsync(string personId, CancellationToken cancellationToken)
    {
        var linked = await identities.GetIdentitiesAsync(personId, cancellationToken);
        return [.. linked.Select(identity => identity.Channel).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }
}
