using ChatHub.Conversation.Images;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Voice;

/// <summary>
/// Web-chat voice uploads in this process's memory: the pictures' store (<see cref="InMemoryImageUploadStore"/>: bounded
/// in total and per owner, expiring, 128-bit random ids) with the <c>Voice:Upload*</c> bounds.
/// </summary>
public sealed class InMemoryVoiceUploadStore(IOptions<VoiceOptions> options, TimeProvider time) : IVoiceUploadStore
{
    private readonly InMemoryImageUploadStore _store = new(
        new ImageOptions
        {
            UploadTtl = options.Value.UploadTtl,
            UploadStoreMaxBytes = options.Value.UploadStoreMaxBytes,
            UploadsPerConversation = options.Value.UploadsPerConversation,
        },
        time, "vm_", "voice messages");

    public ValueTask<ImageUploadResult> PutAsync(string channel, string owner, byte[] bytes, string mediaType, CancellationToken cancellationToken) =>
        _store.PutAsync(channel, owner, bytes, mediaType, cancellationToken);

    public ValueTask<StoredImage?> GetAsync(string channel, string owner, string id, CancellationToken cancellationToken) =>
        _store.GetAsync(channel, owner, id, cancellationToken);

    public ValueTask<int> RemoveOwnerAsync(string channel, string owner, CancellationToken cancellationToken) =>
        _store.RemoveOwnerAsync(channel, owner, cancellationToken);
}
