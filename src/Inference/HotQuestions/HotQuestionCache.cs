using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ChatHub.Inference.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Inference.HotQuestions;

/// <summary>
/// The hot-question cache: tiers (<see cref="IHotQuestionStore"/>, L1 in process first), a lifetime of
/// <see cref="HotQuestionCacheOptions.Ttl"/> plus up to <see cref="HotQuestionCacheOptions.TtlJitter"/> more, and
/// single-flight: concurrent callers of one missing key share one computation. If it throws, every waiting caller
/// sees the exception and nothing is cached. A caller that cancels stops waiting; the computation is canceled only
/// when all of its callers have. Only answers from the knowledge base or a model are stored by
/// <see cref="GetOrCreateAsync"/>.
/// </summary>
public sealed class HotQuestionCache
{
    private readonly IHotQuestionStore[] _stores;
    private readonly HotQuestionCacheOptions _options;
    private readonly HotQuestionCacheMetrics _metrics;
    private readonly ConcurrentDictionary<string, HotQuestionFlight> _flights = new(StringComparer.Ordinal);

    public HotQuestionCache(
        IEnumerable<IHotQuestionStore> stores, IOptions<HotQuestionCacheOptions> options, IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(options);
        _stores = stores.ToArray();
        if (_stores.Length == 0)
        {
            throw new ArgumentException("The hot-question cache needs at least one store (tier).", nameof(stores));
        }

        _options = options.Value;
        _metrics = new HotQuestionCacheMetrics(meterFactory);
    }

    public HotQuestionCacheOptions Options => _options;

    /// <summary>Whether <see cref="GetOrCreateAsync"/> stores <paramref name="answer"/>: knowledge or model answers with text.</summary>
    public static bool IsCacheable(HotAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer.Source is ReplySources.Knowledge or ReplySources.Model && !string.IsNullOrWhiteSpace(answer.Text);
    }

    /// <summary>Looks the key up tier by tier, counting hits and misses, and copies a lower-tier hit into the tiers above.</summary>
    public async ValueTask<HotAnswer?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        for (var i = 0; i < _stores.Length; i++)
        {
            var answer = await _stores[i].GetAsync(key, cancellationToken);
            if (answer is null)
            {
                _metrics.Miss(_stores[i].Level);
                continue;
            }

            _metrics.Hit(_stores[i].Level);
            for (var upper = 0; upper < i; upper++)
            {
                await _stores[upper].SetAsync(key, answer, NextTimeToLive(), cancellationToken);
            }

            return answer;
        }

        return null;
    }

    /// <summary>Stores <paramref name="answer"/> in every tier, with a jittered lifetime.</summary>
    public async ValueTask SetAsync(string key, HotAnswer answer, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(answer);
        var timeToLive = NextTimeToLive();
        foreach (var store in _stores)
        {
            await store.SetAsync(key, answer, timeToLive, cancellationToken);
        }
    }

    public async ValueTask RemoveAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        foreach (var store in _stores)
        {
            await store.RemoveAsync(key, cancellationToken);
        }
    }

    /// <summary>
    /// The cached answer for <paramref name="key"/>, or the result of <paramref name="factory"/>, run once for all
    /// concurrent callers of the key with a token that is canceled only when all of them have canceled.
    /// </summary>
    public async Task<HotQuestionLookup> GetOrCreateAsync(
        string key, Func<CancellationToken, Task<HotAnswer>> factory, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(factory);
        var cached = await GetAsync(key, cancellationToken);
        if (cached is not null)
        {
            return new HotQuestionLookup(cached, FromCache: true);
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_flights.TryGetValue(key, out var running))
            {
                if (running.TryJoin())
                {
                    return await running.WaitAsync(cancellationToken);
                }

                // Every caller of that flight gave up; it is being canceled. Start afresh.
                _flights.TryRemove(new KeyValuePair<string, HotQuestionFlight>(key, running));
                continue;
            }

            var flight = new HotQuestionFlight();
            flight.TryJoin();
            if (!_flights.TryAdd(key, flight))
            {
                continue;
            }

            _ = RunAsync(key, flight, factory);
            return await flight.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Callers currently waiting on the shared computation of <paramref name="key"/> (0 when none runs).</summary>
    internal int GetWaiterCount(string key) => _flights.TryGetValue(key, out var flight) ? flight.Waiters : 0;

    /// <summary><paramref name="timeToLive"/> stretched by <paramref name="sample"/> (in [0, 1)) times the jitter fraction.</summary>
    internal static TimeSpan ApplyJitter(TimeSpan timeToLive, double jitter, double sample) =>
        timeToLive + (timeToLive * (jitter * Math.Clamp(sample, 0.0, 1.0)));

    private TimeSpan NextTimeToLive() => ApplyJitter(_options.Ttl, _options.TtlJitter, Random.Shared.NextDouble());

    private async Task RunAsync(string key, HotQuestionFlight flight, Func<CancellationToken, Task<HotAnswer>> factory)
    {
        try
        {
            var token = flight.Token;

            // Another flight may have filled the key between our miss and our start.
            var cached = await ReadWithoutCountingAsync(key, token);
            var answer = cached ?? await factory(token) ?? throw new InvalidOperationException("The answer factory returned null.");
            if (cached is null && IsCacheable(answer))
            {
                await SetAsync(key, answer, token);
            }

            _flights.TryRemove(new KeyValuePair<string, HotQuestionFlight>(key, flight));
            flight.Complete(new HotQuestionLookup(answer, FromCache: cached is not null));
        }
#pragma warning disable CA1031 // Not swallowed: every waiter of the flight receives the exception.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _flights.TryRemove(new KeyValuePair<string, HotQuestionFlight>(key, flight));
            flight.Fail(ex);
        }
    }

    private async ValueTask<HotAnswer?> ReadWithoutCountingAsync(string key, CancellationToken cancellationToken)
    {
        foreach (var store in _stores)
        {
            if (await store.GetAsync(key, cancellationToken) is { } answer)
            {
                return answer;
            }
        }

        return null;
    }
}
