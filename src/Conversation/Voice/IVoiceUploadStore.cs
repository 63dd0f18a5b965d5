using ChatHub.Conversation.Images;

namespace ChatHub.Conversation.Voice;

/// <summary>
/// Voice messages recorded in the web chat (it has no platform file store), kept like its pictures
/// (<see cref="IImageUploadStore"/>): the bytes under a random id, owned by one conversation, kept
/// <see cref="VoiceOptions.UploadTtl"/> and erased with the person.
/// </summary>
public interface IVoiceUploadStore
{
    /// <summary>Keeps the bytes for <paramref name="owner"/>; the reason when the store is full or the owner holds too many.</summary>
    ValueTask<ImageUploadResult> PutAsync(string channel, string owner, byte[] bytes, string mediaType, CancellationToken cancellationToken);

    /// <summary>The upload, only for its owner and before it expires.</summary>
    ValueTask<StoredImage?> GetAsync(string channel, string owner, string id, CancellationToken cancellationToken);

    /// <summary>Removes every upload of the owner; returns how many.</summary>
    ValueTask<int> RemoveOwnerAsync(string channel, string owner, CancellationToken cancellationToken);
}
