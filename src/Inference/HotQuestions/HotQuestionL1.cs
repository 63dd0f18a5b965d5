using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ChatHub.Inference.HotQuestions;

/// <summary>
/// The cache's L1: a memory cache of its own (not the app's shared <see cref="IMemoryCache"/>), limited to
/// <see cref="HotQuestionCacheOptions.MaxEntries"/> entries, so that <see cref="Clear"/> drops exactly the hot-question
/// copies of this node.
/// </summary>
internal sealed class HotQuestionL1 : IDisposable
{
    public HotQuestionL1(IOptions<HotQuestionCacheOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.MaxEntries });
    }

    public MemoryCache Cache { get; }

    /// <summary>Entries held, including expired ones not yet removed (and stale ones kept for fail-safe).</summary>
    public int Count => Cache.Count;

    public void Clear() => Cache.Clear();

    public void Dispose() => Cache.Dispose();
}
