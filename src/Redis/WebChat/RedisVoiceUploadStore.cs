using ChatHub.Conversation.Images;
using ChatHub.Conversation.Voice;
using ChatHub.Redis.Connection;
using Microsoft.Extensions.Options;

namespace ChatHub.Redis.WebChat;

/// <summary>Web-chat voice messages on Redis (<see cref="RedisUploadStore"/>, area <c>uploads:voice</c>), bounded by <see cref="VoiceOptions"/>.</summary>
public sealed class RedisVoiceUploadStore(RedisConnection redis, RedisKeyspace keys, IOptions<VoiceOptions> options, TimeProvider time) : IVoiceUploadStore
{
    private readonly RedisUploadStore _store = new(
        redis, keys, "uploads:voice", "vm_", "voice messages", options.Value.UploadTtl, options.Value.UploadsPerConversation, options.Value.UploadStoreMaxBytes, time);

    public ValueTask<ImageUploadResult> PutAsync(string channel, string owner, byte[] bytes, string mediaType, CancellationToken cancellationToken) =>
        _store.PutAsync(channel, owner, bytes, mediaType, cancellationToken);

    public ValueTask<StoredImage?> GetAsync(string channel, string owner, string id, CancellationToken cancellationToken) =>
        _store.GetAsync(channel, owner, id, cancellationToken);

    public ValueTask<int> RemoveOwnerAsync(string channel, string owner, CancellationToken cancellationToken) =>
        _store.RemoveOwnerAsync(channel, owner, cancellationToken);
}
