namespace ChatHub.Conversation.Identity;

/// <summary>
/// Maps platform identities to hub users. Every identity belongs to exactly one hub user; new identities get a new
/// hub user. Linking merges hub users; unlinking detaches an identity into a fresh hub user.
/// </summary>
public interface IIdentityMap
{
    /// <summary>The hub user owning <paramref name="identity"/>; a new hub user is created for an unknown identity.</summary>
    ValueTask<string> ResolveAsync(PlatformIdentity identity, CancellationToken cancellationToken);

    /// <summary>The hub user owning <paramref name="identity"/>, or null when the identity is unknown (nothing is created).</summary>
    ValueTask<string?> FindAsync(PlatformIdentity identity, CancellationToken cancellationToken);

    /// <summary>The identities linked to a hub user (empty for an unknown user).</summary>
    ValueTask<IReadOnlyList<PlatformIdentity>> GetIdentitiesAsync(string hubUserId, CancellationToken cancellationToken);

    /// <summary>Moves every identity of <paramref name="fromHubUserId"/> to <paramref name="intoHubUserId"/>.</summary>
    ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken);

    /// <summary>Gives <paramref name="identity"/> a fresh hub user of its own and returns its id.</summary>
    ValueTask<string> DetachAsync(PlatformIdentity identity, CancellationToken cancellationToken);

    /// <summary>Forgets a hub user and all its identities (erasure); returns the identities removed.</summary>
    ValueTask<IReadOnlyList<PlatformIdentity>> RemoveUserAsync(string hubUserId, CancellationToken cancellationToken);
}
