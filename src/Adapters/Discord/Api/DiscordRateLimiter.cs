using ChatHub.Conversation;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Discord.Api;

/// <summary>
/// Discord's REST rate limits, learned rather than hard-coded (Discord.Net's idea): a route (method + template)
/// maps to the bucket id Discord names in <c>X-RateLimit-Bucket</c>, and a bucket is that id plus the major
/// parameter (the channel). A bucket whose <c>Remaining</c> is 0 waits for its <c>Reset-After</c>; a 429 pauses
/// its bucket, or everything when it is global, for <c>retry_after</c>. On top, at most
/// <see cref="DiscordOptions.GlobalRequestsPerSecond"/> requests a second. All state is under one lock;
/// buckets idle past their reset are forgotten.
/// </summary>
internal sealed class DiscordRateLimiter
{
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _bucketIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly int _globalPerSecond;
    private long _globalPausedUntil;
    private long _windowStart;
    private int _windowCount;
    private long _nextSweep;

    public DiscordRateLimiter(IOptions<DiscordOptions> options, TimeProvider time)
    {
        _globalPerSecond = options.Value.GlobalRequestsPerSecond;
        _time = time;
        _windowStart = time.GetTimestamp();
        _nextSweep = _windowStart + SweepTicks(time);
    }

    internal int TrackedBuckets
    {
        get
        {
            lock (_gate)
            {
                return _buckets.Count;
            }
        }
    }

    private static long SweepTicks(TimeProvider time) => (long)(SweepSchedule.DefaultInterval.TotalSeconds * time.TimestampFrequency);

    /// <summary>Takes a request slot if the route's bucket and the global limit allow one now; otherwise returns how long to wait.</summary>
    public TimeSpan TryAcquire(DiscordRoute route)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (now >= _nextSweep)
            {
                _nextSweep = now + SweepTicks(_time); // by the clock, never every N calls: a sweep walks every bucket
                Sweep(now);
            }

            var wait = Until(_globalPausedUntil, now);
            if (now - _windowStart >= _time.TimestampFrequency)
            {
                _windowStart = now;
                _windowCount = 0;
            }

            if (_windowCount >= _globalPerSecond)
            {
                wait = Max(wait, Until(_windowStart + _time.TimestampFrequency, now));
            }

            _buckets.TryGetValue(Key(route), out var bucket);
            if (bucket is { Remaining: 0 })
            {
                wait = Max(wait, Until(bucket.ResetAt, now));
            }

            if (wait > TimeSpan.Zero)
            {
                return Max(wait, MinimumWait); // never spin on rounding
            }

            if (bucket is not null)
            {
                bucket.Remaining = bucket.ResetAt <= now ? null : bucket.Remaining - 1;
            }

            _windowCount++;
            return TimeSpan.Zero;
        }
    }

    /// <summary>Learns the route's bucket id and the bucket's state from a response's headers.</summary>
    public void Update(DiscordRoute route, RateLimitHeaders headers)
    {
        lock (_gate)
        {
            if (headers.Bucket is { Length: > 0 } id)
            {
                _bucketIds[route.RouteKey] = id;
            }

            if (headers.Remaining is { } remaining && headers.ResetAfter is { } resetAfter)
            {
                var bucket = GetBucket(route);
                bucket.Remaining = remaining;
                bucket.ResetAt = _time.GetTimestamp() + Ticks(resetAfter);
            }
        }
    }

    /// <summary>A 429: pauses the route's bucket, or every request when <paramref name="global"/>, for <paramref name="retryAfter"/>.</summary>
    public void Pause(DiscordRoute route, TimeSpan retryAfter, bool global)
    {
        lock (_gate)
        {
            var until = _time.GetTimestamp() + Ticks(retryAfter);
            if (global)
            {
                _globalPausedUntil = Math.Max(_globalPausedUntil, until);
                return;
            }

            var bucket = GetBucket(route);
            bucket.Remaining = 0;
            bucket.ResetAt = Math.Max(bucket.ResetAt, until);
        }
    }

    private Bucket GetBucket(DiscordRoute route)
    {
        var key = Key(route);
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            bucket = new Bucket();
            _buckets[key] = bucket;
        }

        return bucket;
    }

    /// <summary>The learned bucket id (or, until Discord names one, the route) plus the major parameter.</summary>
    private string Key(DiscordRoute route) =>
        (_bucketIds.TryGetValue(route.RouteKey, out var id) ? id : route.RouteKey) + ":" + route.MajorId;

    private void Sweep(long now)
    {
        var forget = Ticks(ForgetAfter);
        foreach (var (key, bucket) in _buckets)
        {
            if (now - bucket.ResetAt > forget)
            {
                _buckets.Remove(key);
            }
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private TimeSpan Until(long timestamp, long now) =>
        timestamp > now ? TimeSpan.FromSeconds((timestamp - now) / (double)_time.TimestampFrequency) : TimeSpan.Zero;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed class Bucket
    {
        /// <summary>Requests left until <see cref="ResetAt"/>; null when unknown (after a reset).</summary>
        public int? Remaining { get; set; }

        public long ResetAt { get; set; }
    }
}
