using System.Collections.Concurrent;
using ChatHub.Conversation.Identity;

namespace ChatHub.Conversation.Linking;

/// <summary>Codes by selector plus each issuer's live selector; expired entries read as absent and are swept by the clock.</summary>
public sealed class InMemoryLinkCodeStore : ILinkCodeStore
{
    private readonly ConcurrentDictionary<string, Entry> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<PlatformIdentity, string> _byIssuer = new();
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly SweepSchedule _sweep;

    public InMemoryLinkCodeStore(TimeProvider time)
    {
        _time = time;
        _sweep = new SweepSchedule(time);
    }

    internal int Count => _codes.Count;

    public ValueTask<bool> TryAddAsync(LinkCode code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        var now = _time.GetUtcNow();
        if (_sweep.IsDue(now))
        {
            Sweep(now);
        }

        lock (_gate)
        {
            if (_codes.TryGetValue(code.Selector, out var existing))
            {
                if (existing.Code.ExpiresAt > now)
                {
                    return ValueTask.FromResult(false);
                }

                _byIssuer.TryRemove(new KeyValuePair<PlatformIdentity, string>(existing.Code.Issuer, code.Selector));
            }

            if (_byIssuer.TryGetValue(code.Issuer, out var previous))
            {
                _codes.TryRemove(previous, out _);
            }

            _codes[code.Selector] = new Entry(code);
            _byIssuer[code.Issuer] = code.Selector;
            return ValueTask.FromResult(true);
        }
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
        ValueTask.FromResult(_codes.TryGetValue(selector, out var entry) && entry.Code.ExpiresAt > _time.GetUtcNow()
            && Interlocked.Exchange(ref entry.Used, 1) == 0);

    public ValueTask RemoveAsync(string selector, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_codes.TryRemove(selector, out var entry))
            {
                _byIssuer.TryRemove(new KeyValuePair<PlatformIdentity, string>(entry.Code.Issuer, selector));
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<int> RemoveIssuedByAsync(PlatformIdentity issuer, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var removed = _byIssuer.TryRemove(issuer, out var selector) && _codes.TryRemove(selector, out var entry)
                && entry.Code.ExpiresAt > _time.GetUtcNow();
            return ValueTask.FromResult(removed ? 1 : 0);
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        lock (_gate)
        {
            foreach (var (selector, entry) in _codes)
            {
                if (entry.Code.ExpiresAt <= now)
                {
                    _codes.TryRemove(selector, out _);
                    _byIssuer.TryRemove(new KeyValuePair<PlatformIdentity, string>(entry.Code.Issuer, selector));
                }
            }
        }
    }

    private sealed class Entry(LinkCode code)
    {
        public LinkCode Code { get; } = code;

#pragma warning disable CA1051 // a field, for Interlocked
        public int Used;
#pragma warning restore CA1051
    }
}
