using System.Collections.Concurrent;

namespace ChatHub.Conversation.Counters;

public sealed class InMemoryCounterStore : ICounterStore
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly SweepSchedule _sweep;

    public InMemoryCounterStore(TimeProvider time)
    {
        _time = time;
        _sweep = new SweepSchedule(time);
    }

    public ValueTask<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_sweep.IsDue(now))
        {
            foreach (var (k, c) in _counters)
            {
                if (c.ExpiresAt <= now)
                {
                    _counters.TryRemove(new KeyValuePair<string, Counter>(k, c));
                }
            }
        }

        while (true)
        {
            var counter = _counters.GetOrAdd(key, static (_, expires) => new Counter(expires), now + window);
            lock (counter)
            {
                if (counter.ExpiresAt <= now)
                {
                    counter.Count = 0;
                    counter.ExpiresAt = now + window;
                }

                return ValueTask.FromResult(++counter.Count);
            }
        }
    }

    public ValueTask<long> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (_counters.TryGetValue(key, out var counter))
        {
            lock (counter)
            {
                return ValueTask.FromResult(counter.ExpiresAt > _time.GetUtcNow() ? counter.Count : 0);
            }
        }

        return ValueTask.FromResult(0L);
    }

    public ValueTask ResetAsync(string key, CancellationToken cancellationToken)
    {
        _counters.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }

    private sealed class Counter(DateTimeOffset expiresAt)
    {
        public long Count { get; set; }

        public DateTimeOffset ExpiresAt { get; set; } = expiresAt;
    }
}
