using ChatHub.Conversation.Identity;

namespace ChatHub.Conversation.Linking;

/// <summary>
/// Issued link codes by selector, expiring; a code is used at most once, and an identity has at most one live code
/// (a new one replaces the last). Every operation touches a fixed number of entries, whatever the number of live codes.
/// </summary>
public interface ILinkCodeStore
{
    /// <summary>
    /// Stores a new code and removes the issuer's previous one; false when the selector is taken (the caller draws
    /// another, a bounded number of times).
    /// </summary>
    ValueTask<bool> TryAddAsync(LinkCode code, CancellationToken cancellationToken);

    /// <summary>The code with this selector, whether used or not, until it expires; null when unknown.</summary>
    ValueTask<(LinkCode Code, bool Used)?> GetAsync(string selector, CancellationToken cancellationToken);

    /// <summary>Marks the code used; false when it already was (exactly one caller wins).</summary>
    ValueTask<bool> TryMarkUsedAsync(string selector, CancellationToken cancellationToken);

    ValueTask RemoveAsync(string selector, CancellationToken cancellationToken);

    /// <summary>Removes the live code <paramref name="issuer"/> asked for, if any (erasure); returns how many were removed.</summary>
    ValueTask<int> RemoveIssuedByAsync(PlatformIdentity issuer, CancellationToken cancellationToken);
}
