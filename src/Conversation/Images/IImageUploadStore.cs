namespace ChatHub.Conversation.Images;

/// <summary>
/// Images uploaded to the hub itself (the web chat has no platform file store): the bytes under a random id, owned
/// by one conversation, kept <see cref="ImageOptions.UploadTtl"/> and erased with the person.
/// </summary>
public interface IImageUploadStore
{
    /// <summary>Keeps the bytes for <paramref name="owner"/>; null with the reason when the store is full or the owner holds too many.</summary>
    ValueTask<ImageUploadResult> PutAsync(string channel, string owner, byte[] bytes, string mediaType, CancellationToken cancellationToken);

    /// <summary>The upload, only for its owner and before it expires.</summary>
    ValueTask<StoredImage?> GetAsync(string channel, string owner, string id, CancellationToken cancellationToken);

    /// <summary>Removes every upload of the owner; returns how many.</summary>
    ValueTask<int> RemoveOwnerAsync(string channel, string owner, CancellationToken cancellationToken);
}
