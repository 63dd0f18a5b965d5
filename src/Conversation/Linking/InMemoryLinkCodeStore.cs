using System.Collections.Concurrent;

namespace ChatHub.Conversation.Linking;

public sealed class InMemoryLinkCodeStore : ILinkCodeStore
{
    private readonly ConcurrentDictionary<string, Entry> _codes = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public InMemoryLinkCodeStore(TimeProvider time) => _time = time;

    public ValueTask<bool> TryAddAsync(LinkCode code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        var now = _time.GetUtcNow();
        foreach (var (selector, entry) in _codes)
        {
            if (entry.Code.ExpiresAt <= now)
            {
                _codes.TryRemove(new KeyValuePair<string, Entry>(selector, entry));
            }
        }

        return ValueTask.FromResult(_codes.TryAdd(code.Selector, new Entry(code)));
    }

    public ValueTask<(LinkCode Code, bool Used)?> GetAsync(string selector, CancellationToken cancellationToken)
    {
        if (_codes.TryGetValue(selector, out var entry) && entry.Code.ExpiresAt > _time.GetUtcNow())
        {
            return ValueTask.FromResult<(LinkCode, bool)?>((entry.Code, Volatile.Read(ref entry.Used) != 0));
        }

        return ValueTask.FromResult<(LinkCode, bool)?>(null);
    }

    public ValueTask<bool> TryMarkUsedAsync(string selector, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_codes.TryGetValue(selector, out var entry) && Interlocked.Exchange(ref entry.Used, 1) == 0);

    public ValueTask RemoveAsync(string selector, CancellationToken cancellationToken)
    {
        _codes.TryRemove(selector, out _);
        return ValueTask.CompletedTask;
    }

    private sealed class Entry(LinkCode code)
    {
        public LinkCode Code { get; } = code;

#pragma warning disable CA1051 // a field, for Interlocked
        public int Used;
#pragma warning restore CA1051
    }
}
