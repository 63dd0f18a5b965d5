namespace ChatHub.Conversation.Identity;

/// <summary>Maps platform identities to hub users. Every identity belongs to exactly one hub user.</summary>
public interface IIdentityMap
{
    /// <summary>The hub user owning <paramref name="identity"/>; a new hub user is created for an unknown identity.</summary>
    ValueTask<string> ResolveAsync(PlatformIdentity identity, CancellationToken cancellationToken);

    /// <summary>The identities linked to a hub user (empty for an unknown user).</summary>
    ValueTask<IReadOnlyList<PlatformIdentity>> GetIdentitiesAsync(string hubUserId, CancellationToken cancellationToken);
}
