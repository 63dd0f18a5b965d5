using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Images;

/// <summary>
/// Uploads in this process's memory: bounded in total bytes (<see cref="ImageOptions.UploadStoreMaxBytes"/>) and per
/// owner (<see cref="ImageOptions.UploadsPerConversation"/>), each expiring after <see cref="ImageOptions.UploadTtl"/>
/// (expired ones are dropped on every put and get). Ids are 128 random bits. One process: the embedded default's; with
/// Redis the uploads are there (ChatHub.Redis's RedisImageUploadStore), so every node finds them.
/// </summary>
public sealed class InMemoryImageUploadStore : IImageUploadStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Owner, StoredImage Image)> _images = new(StringComparer.Ordinal);
    private readonly ImageOptions _options;
    private readonly TimeProvider _time;
    private readonly string _idPrefix;
    private readonly string _what;
    private long _bytes;

    public InMemoryImageUploadStore(IOptions<ImageOptions> options, TimeProvider time)
        : this(options.Value, time, "img_", "pictures")
    {
    }

    /// <summary>A store of other uploads (voice messages) with the same bounds: ids start with <paramref name="idPrefix"/>, refusals name <paramref name="what"/>.</summary>
    internal InMemoryImageUploadStore(ImageOptions options, TimeProvider time, string idPrefix, string what)
    {
        _options = options;
        _time = time;
        _idPrefix = idPrefix;
        _what = what;
    }

    /// <summary>The bytes held now (for tests and diagnostics).</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    public ValueTask<ImageUploadResult> PutAsync(string channel, string owner, byte[] bytes, string mediaType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var now = _time.GetUtcNow();
        var key = Key(channel, owner);
        lock (_gate)
        {
            DropExpired(now);
            if (_images.Values.Count(entry => entry.Owner == key) >= _options.UploadsPerConversation)
            {
                return ValueTask.FromResult(ImageUploadResult.Refused(
                    $"You have sent {_options.UploadsPerConversation} {_what} in a short time. Please wait a few minutes, then send it again."));
            }

            if (_bytes + bytes.Length > _options.UploadStoreMaxBytes)
            {
                return ValueTask.FromResult(ImageUploadResult.Refused($"I can't take more {_what} just now. Please try again in a few minutes."));
            }

            var image = new StoredImage(_idPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), mediaType, bytes, now + _options.UploadTtl);
            _images[image.Id] = (key, image);
            _bytes += bytes.Length;
            return ValueTask.FromResult(ImageUploadResult.Stored(image));
        }
    }

    public ValueTask<StoredImage?> GetAsync(string channel, string owner, string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            DropExpired(_time.GetUtcNow());
            return ValueTask.FromResult(_images.TryGetValue(id, out var entry) && entry.Owner == Key(channel, owner) ? entry.Image : null);
        }
    }

    public ValueTask<int> RemoveOwnerAsync(string channel, string owner, CancellationToken cancellationToken)
    {
        var key = Key(channel, owner);
        lock (_gate)
        {
            var ids = _images.Where(entry => entry.Value.Owner == key).Select(entry => entry.Key).ToList();
            foreach (var id in ids)
            {
                Remove(id);
            }

            return ValueTask.FromResult(ids.Count);
        }
    }

    private void DropExpired(DateTimeOffset now)
    {
        foreach (var id in _images.Where(entry => entry.Value.Image.ExpiresAt <= now).Select(entry => entry.Key).ToList())
        {
            Remove(id);
        }
    }

    private void Remove(string id)
    {
        if (_images.Remove(id, out var entry))
        {
            _bytes -= entry.Image.Bytes.Length;
        }
    }

    private static string Key(string channel, string owner) => channel + ":" + owner;
}
