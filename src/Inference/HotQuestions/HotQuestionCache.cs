using System.Diagnostics.Metrics;
using ChatHub.Inference.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Events;

namespace ChatHub.Inference.HotQuestions;

/// <summary>
/// The hot-question cache, on FusionCache: L1 in process; with a distributed backend an L2 and a backplane that drops
/// other nodes' L1 copies (registered under the service key <see cref="CacheName"/>). FusionCache gives stampede
/// protection (one computation per key under a herd), jitter on expiry (<see cref="HotQuestionCacheOptions.TtlJitter"/>),
/// fail-safe (the last answer is served when the knowledge base or model fails or gives only the fallback), a soft
/// timeout, and timeouts plus a circuit breaker around the L2. Only answers from the knowledge base or a model are
/// stored. FusionCache types stay inside this class and its registration; the rest of the stage sees this API.
/// </summary>
public sealed class HotQuestionCache : IDisposable
{
    /// <summary>The FusionCache name, and the service key of its L2 (<c>IDistributedCache</c>) and backplane.</summary>
    public const string CacheName = "hot-questions";

    /// <summary>In front of every key, in L1, L2 and the backplane's messages.</summary>
    public const string KeyPrefix = "hot:";

    private readonly IFusionCache _cache;
    private readonly HotQuestionL1 _l1;
    private readonly HotQuestionCacheOptions _options;
    private readonly HotQuestionCacheMetrics _metrics;
    private readonly ILogger _logger;
    private readonly FusionCacheEntryOptions _entry;
    private readonly FusionCacheEntryOptions _streamingEntry;

    internal HotQuestionCache(
        IFusionCacheProvider caches, HotQuestionL1 l1, IOptions<HotQuestionCacheOptions> options, IMeterFactory meterFactory,
        ILogger<HotQuestionCache>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(caches);
        ArgumentNullException.ThrowIfNull(l1);
        ArgumentNullException.ThrowIfNull(options);
        _cache = caches.GetCache(CacheName);
        _l1 = l1;
        _options = options.Value;
        _metrics = new HotQuestionCacheMetrics(meterFactory);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _entry = CreateEntryOptions(_options);
        _streamingEntry = _entry.Duplicate();
        _streamingEntry.FactorySoftTimeout = Timeout.InfiniteTimeSpan;
        Subscribe(_cache.Events);
    }

    public HotQuestionCacheOptions Options => _options;

    /// <summary>Whether an answer is stored: knowledge or model answers with text.</summary>
    public static bool IsCacheable(HotAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer.Source is ReplySources.Knowledge or ReplySources.Model && !answer.Personal && !string.IsNullOrWhiteSpace(answer.Text);
    }

    /// <summary>The cached answer (L1, then L2), or null.</summary>
    public async ValueTask<HotAnswer?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var found = await _cache.TryGetAsync<HotAnswer>(KeyPrefix + key, _entry, cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Stores <paramref name="answer"/> in every tier (a jittered lifetime); other nodes drop their L1 copy.</summary>
    public async ValueTask SetAsync(string key, HotAnswer answer, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(answer);
        await _cache.SetAsync(KeyPrefix + key, answer, _entry, cancellationToken);
    }

    /// <summary>Removes the answer from every tier; other nodes drop their L1 copy.</summary>
    public async ValueTask RemoveAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        await _cache.RemoveAsync(KeyPrefix + key, _entry, cancellationToken);
    }

    /// <summary>
    /// Drops every L1 copy on this node (L2 keeps them): after the backplane's pub/sub connection came back, since the
    /// invalidations published while it was down are lost.
    /// </summary>
    public void DropLocalCopies()
    {
        _l1.Clear();
        Log.HotQuestionL1Dropped(_logger);
    }

    /// <summary>
    /// The cached answer for <paramref name="key"/>, or the result of <paramref name="factory"/>, run once for all
    /// concurrent callers of the key on this node. A non-cacheable answer (e.g. the fallback) counts as a failure for
    /// fail-safe: a stale answer is served if there is one, else the caller gets the non-cacheable answer.
    /// </summary>
    public Task<HotQuestionLookup> GetOrCreateAsync(
        string key, Func<CancellationToken, Task<HotAnswer>> factory, CancellationToken cancellationToken) =>
        GetOrCreateAsync(key, factory, streaming: false, cancellationToken);

    /// <summary>As <see cref="GetOrCreateAsync(string, Func{CancellationToken, Task{HotAnswer}}, CancellationToken)"/>; <paramref name="streaming"/> turns the soft timeout off.</summary>
    internal async Task<HotQuestionLookup> GetOrCreateAsync(
        string key, Func<CancellationToken, Task<HotAnswer>> factory, bool streaming, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(factory);
        HotAnswer? computed = null;
        HotAnswer? rejected = null;
        try
        {
            var answer = await _cache.GetOrSetAsync<HotAnswer>(
                KeyPrefix + key,
                async (context, token) =>
                {
                    var fresh = await factory(token) ?? throw new InvalidOperationException("The answer factory returned null.");
                    if (!IsCacheable(fresh))
                    {
                        rejected = fresh;
                        return context.Fail("The answer is not cacheable (source " + fresh.Source + ").");
                    }

                    computed = fresh;
                    return fresh;
                },
                options: streaming ? _streamingEntry : _entry,
                token: cancellationToken);
            return new HotQuestionLookup(answer, FromCache: !ReferenceEquals(answer, computed));
        }
        catch (FusionCacheFactoryException) when (rejected is not null)
        {
            return new HotQuestionLookup(rejected, FromCache: false); // nothing stale to serve instead
        }
    }

    public void Dispose() => Unsubscribe(_cache.Events);

    internal static FusionCacheEntryOptions CreateEntryOptions(HotQuestionCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new FusionCacheEntryOptions
        {
            Duration = options.Ttl,
            JitterMaxDuration = options.Ttl * options.TtlJitter,
            Size = 1, // the L1 counts entries (HotQuestionCacheOptions.MaxEntries)
            IsFailSafeEnabled = true,
            FailSafeMaxDuration = options.Ttl + options.FailSafeMaxDuration,
            FailSafeThrottleDuration = TimeSpan.FromSeconds(30),
            FactorySoftTimeout = options.FactorySoftTimeout,
            AllowTimedOutFactoryBackgroundCompletion = true,
            DistributedCacheSoftTimeout = options.DistributedSoftTimeout,
            DistributedCacheHardTimeout = options.DistributedSoftTimeout * 4,
            AllowBackgroundDistributedCacheOperations = false,
            AllowBackgroundBackplaneOperations = true, // other nodes hear of a new answer a moment later; the asker does not wait for it
        };
    }

    private void Subscribe(FusionCacheEventsHub events)
    {
        events.Memory.Hit += OnMemoryHit;
        events.Memory.Miss += OnMemoryMiss;
        events.Distributed.Hit += OnDistributedHit;
        events.Distributed.Miss += OnDistributedMiss;
        events.Distributed.CircuitBreakerChange += OnCircuitBreakerChange;
        events.FailSafeActivate += OnFailSafeActivate;
    }

    private void Unsubscribe(FusionCacheEventsHub events)
    {
        events.Memory.Hit -= OnMemoryHit;
        events.Memory.Miss -= OnMemoryMiss;
        events.Distributed.Hit -= OnDistributedHit;
        events.Distributed.Miss -= OnDistributedMiss;
        events.Distributed.CircuitBreakerChange -= OnCircuitBreakerChange;
        events.FailSafeActivate -= OnFailSafeActivate;
    }

    private void OnMemoryHit(object? sender, FusionCacheEntryHitEventArgs e)
    {
        if (!e.IsStale)
        {
            _metrics.Hit(HotQuestionCacheMetrics.L1);
        }
    }

    private void OnMemoryMiss(object? sender, FusionCacheEntryEventArgs e) => _metrics.Miss(HotQuestionCacheMetrics.L1);

    private void OnDistributedHit(object? sender, FusionCacheEntryHitEventArgs e)
    {
        if (!e.IsStale)
        {
            _metrics.Hit(HotQuestionCacheMetrics.L2);
        }
    }

    private void OnDistributedMiss(object? sender, FusionCacheEntryEventArgs e) => _metrics.Miss(HotQuestionCacheMetrics.L2);

    private void OnCircuitBreakerChange(object? sender, FusionCacheCircuitBreakerChangeEventArgs e) =>
        Log.HotQuestionL2CircuitChanged(_logger, e.IsClosed ? "closed (L2 used again)" : "open (L2 skipped)");

    private void OnFailSafeActivate(object? sender, FusionCacheEntryEventArgs e) => Log.HotQuestionServedStale(_logger);
}
