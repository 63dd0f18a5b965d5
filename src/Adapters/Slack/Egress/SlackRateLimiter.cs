using ChatHub.Adapters.Telegram.Egress;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Slack.Egress;

/// <summary>
/// Slack's published limits as budgets, in this process: <c>chat.postMessage</c> per channel
/// (<see cref="SlackOptions.PostsPerChannelPerSecond"/>, burst <see cref="SlackOptions.PostsPerChannelBurst"/>: Slack
/// allows about one message a second per channel), <c>chat.update</c> for the workspace
/// (<see cref="SlackOptions.UpdatesPerMinute"/>: Tier 3), and a pause per method and channel after a 429 for its
/// <c>Retry-After</c>. A call whose budget is empty is not sent; the caller learns how long to wait.
/// Full buckets of idle channels are dropped when there are many.
/// </summary>
internal sealed class SlackRateLimiter
{
    public const string PostMessage = "chat.postMessage";
    public const string Update = "chat.update";
    private const int SweepAbove = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, TokenBucket> _posts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _pausedUntil = new(StringComparer.Ordinal);
    private readonly TokenBucket _updates;
    private readonly SlackOptions _options;
    private readonly TimeProvider _time;

    public SlackRateLimiter(IOptions<SlackOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _updates = new TokenBucket(Math.Max(1, _options.UpdatesPerMinute / 10), _options.UpdatesPerMinute / 60.0, time.GetTimestamp());
    }

    /// <summary>Takes budget for one call of <paramref name="method"/> to <paramref name="channel"/>: zero if taken, else how long until there is some.</summary>
    public TimeSpan TryAcquire(string method, string channel)
    {
        var now = _time.GetTimestamp();
        var frequency = _time.TimestampFrequency;
        lock (_gate)
        {
            if (_pausedUntil.TryGetValue(method + "\n" + channel, out var until))
            {
                if (until > now)
                {
                    return TimeSpan.FromSeconds((until - now) / (double)frequency);
                }

                _pausedUntil.Remove(method + "\n" + channel);
            }

            var bucket = method == Update ? _updates : PostBucket(channel, now);
            var wait = bucket.WaitTicks(now, frequency);
            if (wait > 0)
            {
                return TimeSpan.FromSeconds(wait / (double)frequency);
            }

            bucket.Take();
            return TimeSpan.Zero;
        }
    }

    /// <summary>Slack answered 429: no call of <paramref name="method"/> to <paramref name="channel"/> for <paramref name="retryAfter"/>.</summary>
    public void Pause(string method, string channel, TimeSpan retryAfter)
    {
        var until = _time.GetTimestamp() + (long)(retryAfter.TotalSeconds * _time.TimestampFrequency);
        lock (_gate)
        {
            var key = method + "\n" + channel;
            _pausedUntil[key] = Math.Max(until, _pausedUntil.GetValueOrDefault(key));
        }
    }

    private TokenBucket PostBucket(string channel, long now)
    {
        if (!_posts.TryGetValue(channel, out var bucket))
        {
            if (_posts.Count > SweepAbove)
            {
                foreach (var (key, idle) in _posts)
                {
                    idle.WaitTicks(now, _time.TimestampFrequency); // refill before asking whether it is full
                    if (idle.IsFull)
                    {
                        _posts.Remove(key);
                    }
                }
            }

            bucket = new TokenBucket(_options.PostsPerChannelBurst, _options.PostsPerChannelPerSecond, now);
            _posts[channel] = bucket;
        }

        return bucket;
    }
}
