namespace ChatHub.Conversation.Uploads;

/// <summary>
/// Uploads of one kind in this process's memory: bounded in total bytes (<see cref="UploadKind.MaxBytes"/>) and per
/// owner (<see cref="UploadKind.PerOwner"/>), each expiring after <see cref="UploadKind.Ttl"/> (expired ones are dropped
/// on every put and get). Ids are 128 random bits. One process: the embedded default's; with Redis the uploads are
/// there (ChatHub.Redis's RedisUploadStore), so every node finds them.
/// </summary>
public sealed class InMemoryUploadStore(UploadKind kind, TimeProvider time) : IUploadStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Owner, StoredUpload Upload)> _uploads = new(StringComparer.Ordinal);
    private long _bytes;

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

    public ValueTask<UploadResult> PutAsync(string channel, string owner, byte[] bytes, string mediaType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var now = time.GetUtcNow();
        var key = Key(channel, owner);
        lock (_gate)
        {
            DropExpired(now);
            if (_uploads.Values.Count(entry => entry.Owner == key) >= kind.PerOwner)
            {
                return ValueTask.FromResult(UploadResult.OwnerFull(kind));
            }

            if (_bytes + bytes.Length > kind.MaxBytes)
            {
                return ValueTask.FromResult(UploadResult.StoreFull(kind));
            }

            var upload = new StoredUpload(kind.NewId(), mediaType, bytes, now + kind.Ttl);
            _uploads[upload.Id] = (key, upload);
            _bytes += bytes.Length;
            return ValueTask.FromResult(UploadResult.Stored(upload));
        }
    }

    public ValueTask<StoredUpload?> GetAsync(string channel, string owner, string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            DropExpired(time.GetUtcNow());
            return ValueTask.FromResult(_uploads.TryGetValue(id, out var entry) && entry.Owner == Key(channel, owner) ? entry.Upload : null);
        }
    }

    public ValueTask<int> RemoveOwnerAsync(string channel, string owner, CancellationToken cancellationToken)
    {
        var key = Key(channel, owner);
        lock (_gate)
        {
            var ids = _uploads.Where(entry => entry.Value.Owner == key).Select(entry => entry.Key).ToList();
            foreach (var id in ids)
            {
                Remove(id);
            }

            return ValueTask.FromResult(ids.Count);
        }
    }

    private void DropExpired(DateTimeOffset now)
    {
        foreach (var id in _uploads.Where(entry => entry.Value.Upload.ExpiresAt <= now).Select(entry => entry.Key).ToList())
        {
            Remove(id);
        }
    }

    private void Remove(string id)
    {
        if (_uploads.Remove(id, out var entry))
        {
            _bytes -= entry.Upload.Bytes.Length;
        }
    }

    private static string Key(string channel, string owner) => channel + ":" + owner;
}
