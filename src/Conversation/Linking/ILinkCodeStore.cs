namespace ChatHub.Conversation.Linking;

/// <summary>Issued link codes by selector, expiring; a code is used at most once.</summary>
public interface ILinkCodeStore
{
    /// <summary>Stores a new code; false when the selector is taken (the caller draws another).</summary>
    ValueTask<bool> TryAddAsync(LinkCode code, CancellationToken cancellationToken);

    /// <summary>The code with this selector, whether used or not, until it expires; null when unknown.</summary>
    ValueTask<(LinkCode Code, bool Used)?> GetAsync(string selector, CancellationToken cancellationToken);

    /// <summary>Marks the code used; false when it already was (exactly one caller wins).</summary>
    ValueTask<bool> TryMarkUsedAsync(string selector, CancellationToken cancellationToken);

    ValueTask RemoveAsync(string selector, CancellationToken cancellationToken);
}
