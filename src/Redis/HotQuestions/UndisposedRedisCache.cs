using System.Buffers;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;

namespace ChatHub.Redis.HotQuestions;

/// <summary>
/// The hot-question cache's L2, a <see cref="RedisCache"/> on the shared multiplexer, without its
/// <see cref="IDisposable"/>: disposing a <see cref="RedisCache"/> closes and disposes the multiplexer it was handed
/// (reached through its database, so a non-closing view of the multiplexer does not stop it), which here is the one
/// every store and the SignalR backplane still use while the container disposes the rest. The multiplexer is closed by
/// <c>RedisConnection</c> alone; the cache holds nothing else to release.
/// </summary>
internal sealed class UndisposedRedisCache(IBufferDistributedCache cache) : IBufferDistributedCache
{
    public byte[]? Get(string key) => cache.Get(key);

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => cache.GetAsync(key, token);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => cache.Set(key, value, options);

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        cache.SetAsync(key, value, options, token);

    public void Refresh(string key) => cache.Refresh(key);

    public Task RefreshAsync(string key, CancellationToken token = default) => cache.RefreshAsync(key, token);

    public void Remove(string key) => cache.Remove(key);

    public Task RemoveAsync(string key, CancellationToken token = default) => cache.RemoveAsync(key, token);

    public bool TryGet(string key, IBufferWriter<byte> destination) => cache.TryGet(key, destination);

    public ValueTask<bool> TryGetAsync(string key, IBufferWriter<byte> destination, CancellationToken token = default) =>
        cache.TryGetAsync(key, destination, token);

    public void Set(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options) => cache.Set(key, value, options);

    public ValueTask SetAsync(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        cache.SetAsync(key, value, options, token);
}
