using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Inference.HotQuestions;

/// <summary>
/// The in-process tier (L1): a dictionary with per-entry expiry read from <see cref="TimeProvider"/>. When
/// <see cref="HotQuestionCacheOptions.MaxEntries"/> is reached, expired entries go first, then about a tenth of the
/// entries closest to expiry, so the sort is paid once per many inserts.
/// </summary>
public sealed class MemoryHotQuestionStore : IHotQuestionStore
{
    public const string LevelName = "l1";

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private readonly int _maxEntries;
    private readonly ILogger _logger;

    public MemoryHotQuestionStore(
        IOptions<HotQuestionCacheOptions> options, TimeProvider timeProvider, ILogger<MemoryHotQuestionStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _maxEntries = options.Value.MaxEntries;
        _timeProvider = timeProvider;
        _logger = logger ?? NullLogger<MemoryHotQuestionStore>.Instance;
    }

    public string Level => LevelName;

    /// <summary>Entries held, including expired ones not yet removed.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public ValueTask<HotAnswer?> GetAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(TryGet(key));
    }

    public ValueTask SetAsync(string key, HotAnswer answer, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Set(key, answer, timeToLive);
        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(key);
        lock (_lock)
        {
            _entries.Remove(key);
        }

        return ValueTask.CompletedTask;
    }

    public HotAnswer? TryGet(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                return null;
            }

            if (entry.ExpiresAt > now)
            {
                return entry.Answer;
            }

            _entries.Remove(key);
            return null;
        }
    }

    public void Set(string key, HotAnswer answer, TimeSpan timeToLive)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeToLive, TimeSpan.Zero);
        var now = _timeProvider.GetUtcNow();
        var evicted = 0;
        lock (_lock)
        {
            if (!_entries.ContainsKey(key) && _entries.Count >= _maxEntries)
            {
                evicted = EvictLocked(now);
            }

            _entries[key] = new Entry(answer, now + timeToLive);
        }

        if (evicted > 0)
        {
            Log.HotQuestionCacheEvicted(_logger, _maxEntries, evicted);
        }
    }

    private int EvictLocked(DateTimeOffset now)
    {
        var before = _entries.Count;
        foreach (var (key, entry) in _entries)
        {
            if (entry.ExpiresAt <= now)
            {
                _entries.Remove(key); // removing during enumeration is allowed for Dictionary<,>.Remove
            }
        }

        if (_entries.Count >= _maxEntries)
        {
            var excess = _entries.Count - _maxEntries + 1;
            var count = Math.Max(excess, _maxEntries / 10);
            var victims = _entries.OrderBy(pair => pair.Value.ExpiresAt).Take(count).Select(pair => pair.Key).ToArray();
            foreach (var key in victims)
            {
                _entries.Remove(key);
            }
        }

        return before - _entries.Count;
    }

    private readonly record struct Entry(HotAnswer Answer, DateTimeOffset ExpiresAt);
}
