using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Telegram.Egress;

/// <summary>
/// In-process token buckets: per chat (<see cref="TelegramOptions.PerChatPerSecond"/>, burst
/// <see cref="TelegramOptions.PerChatBurst"/>), per group (<see cref="TelegramOptions.PerGroupPerMinute"/>) and
/// overall (<see cref="TelegramOptions.GlobalPerSecond"/>). A budget is taken from all of them at once, under one
/// lock. A 429 pauses the chat until its retry_after has passed. Idle chats are forgotten.
/// </summary>
public sealed class InMemoryTelegramRateLimiter : ITelegramRateLimiter
{
    private const int SweepEvery = 1024;
    private static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(10);

    private readonly Lock _gate = new();
    private readonly Dictionary<long, ChatBudget> _chats = [];
    private readonly TelegramOptions _options;
    private readonly TimeProvider _time;
    private readonly TokenBucket _global;
    private int _operations;

    public InMemoryTelegramRateLimiter(IOptions<TelegramOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options.Value;
        _time = time;
        _global = new TokenBucket(_options.GlobalPerSecond, _options.GlobalPerSecond, time.GetTimestamp());
    }

    internal int TrackedChats
    {
        get
        {
            lock (_gate)
            {
                return _chats.Count;
            }
        }
    }

    public async ValueTask AcquireAsync(long chatId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = TryTake(chatId);
            if (wait == TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(wait, _time, cancellationToken);
        }
    }

    /// <summary>Completes synchronously: nothing here waits, so the token is not needed.</summary>
    public ValueTask<bool> TryAcquireAsync(long chatId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TryTake(chatId) == TimeSpan.Zero);

    /// <summary>Completes synchronously (see <see cref="TryAcquireAsync"/>).</summary>
    public ValueTask PauseAsync(long chatId, TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var budget = Budget(chatId, _time.GetTimestamp());
            var until = _time.GetTimestamp() + (long)(retryAfter.TotalSeconds * _time.TimestampFrequency);
            budget.PausedUntil = Math.Max(budget.PausedUntil, until);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Takes a token from every bucket of the chat if all have one; otherwise returns how long to wait.</summary>
    private TimeSpan TryTake(long chatId)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var frequency = _time.TimestampFrequency;
            if (++_operations % SweepEvery == 0)
            {
                Sweep(now);
            }

            var budget = Budget(chatId, now);
            budget.LastUsed = now;
            var wait = budget.PausedUntil > now ? TimeSpan.FromSeconds((budget.PausedUntil - now) / (double)frequency) : TimeSpan.Zero;
            wait = Max(wait, budget.Chat.WaitTime(now, frequency));
            if (budget.Group is { } group)
            {
                wait = Max(wait, group.WaitTime(now, frequency));
            }

            wait = Max(wait, _global.WaitTime(now, frequency));
            if (wait > TimeSpan.Zero)
            {
                // Never spin on rounding: wait at least a millisecond.
                return Max(wait, TimeSpan.FromMilliseconds(1));
            }

            budget.Chat.Take();
            budget.Group?.Take();
            _global.Take();
            return TimeSpan.Zero;
        }
    }

    private ChatBudget Budget(long chatId, long now)
    {
        if (!_chats.TryGetValue(chatId, out var budget))
        {
            budget = new ChatBudget(
                new TokenBucket(_options.PerChatBurst, _options.PerChatPerSecond, now),
                chatId < 0 ? new TokenBucket(_options.PerGroupPerMinute, _options.PerGroupPerMinute / 60.0, now) : null);
            _chats[chatId] = budget;
        }

        return budget;
    }

    private void Sweep(long now)
    {
        var idle = (long)(IdleAfter.TotalSeconds * _time.TimestampFrequency);
        foreach (var (chatId, budget) in _chats)
        {
            if (now - budget.LastUsed > idle && budget.PausedUntil <= now)
            {
                _chats.Remove(chatId);
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed class ChatBudget(TokenBucket chat, TokenBucket? group)
    {
        public TokenBucket Chat { get; } = chat;

        public TokenBucket? Group { get; } = group;

        public long PausedUntil { get; set; }

        public long LastUsed { get; set; }
    }
}
