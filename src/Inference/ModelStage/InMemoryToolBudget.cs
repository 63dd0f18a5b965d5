using System.Collections.Concurrent;

namespace ChatHub.Inference.ModelStage;

/// <summary>Fixed windows per person on this node; expired windows are dropped when more than 4,096 are kept.</summary>
public sealed class InMemoryToolBudget : IToolBudget
{
    private const int SweepAbove = 4096;
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public InMemoryToolBudget(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    public ValueTask<bool> TryTakeAsync(string personId, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(personId);
        cancellationToken.ThrowIfCancellationRequested();
        if (limit <= 0)
        {
            return ValueTask.FromResult(true);
        }

        var now = _time.GetUtcNow();
        if (_windows.Count > SweepAbove)
        {
            foreach (var (key, value) in _windows)
            {
                if (value.EndsAt <= now)
                {
                    _windows.TryRemove(new KeyValuePair<string, Window>(key, value));
                }
            }
        }

        var current = _windows.GetOrAdd(personId, static (_, end) => new Window(end), now + window);
        lock (current)
        {
            if (current.EndsAt <= now)
            {
                current.EndsAt = now + window;
                current.Count = 0;
            }

            if (current.Count >= limit)
            {
                return ValueTask.FromResult(false);
            }

            current.Count++;
            return ValueTask.FromResult(true);
        }
    }

    private sealed class Window(DateTimeOffset endsAt)
    {
        public DateTimeOffset EndsAt { get; set; } = endsAt;

        public int Count { get; set; }
    }
}
