namespace ChatHub.Conversation.Uploads;

/// <summary>
/// Files uploaded to the hub itself (the web chat has no platform file store): the bytes under a random id, owned by one
/// conversation, kept for their kind's time and erased with the person. One store per kind (<see cref="UploadKind"/>:
/// pictures, voice messages), each a keyed service (<see cref="UploadKind.Images"/>, <see cref="UploadKind.Voice"/>).
/// </summary>
public interface IUploadStore
{
    /// <summary>Keeps the bytes for <paramref name="owner"/>; the reason (a sentence for the person) when the store is full or the owner holds too many.</summary>
    ValueTask<UploadResult> PutAsync(string channel, string owner, byte[] bytes, string mediaType, CancellationToken cancellationToken);

    /// <summary>The upload, only for its owner and before it expires.</summary>
    ValueTask<StoredUpload?> GetAsync(string channel, string owner, string id, CancellationToken cancellationToken);

    /// <summary>Removes every upload of the owner; returns how many.</summary>
    ValueTask<int> RemoveOwnerAsync(string channel, string owner, CancellationToken cancellationToken);
}
