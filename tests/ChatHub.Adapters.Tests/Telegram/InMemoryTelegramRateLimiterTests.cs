using ChatHub.Adapters.Telegram;
using ChatHub.Adapters.Telegram.Egress;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Tests.Telegram;

/// <summary>Budgets on a manual clock: counts and ratios only, no wall-clock timing.</summary>
public sealed class InMemoryTelegramRateLimiterTests
{
    private const long PrivateChat = 7123456789;
    private const long Supergroup = -1001234567890;

    private readonly ManualTimeProvider _time = new();

    private InMemoryTelegramRateLimiter Create(TelegramOptions? options = null) => new(Options.Create(options ?? new TelegramOptions()), _time);

    /// <summary>Tries to take budget for every chat every <paramref name="step"/> for <paramref name="duration"/>; counts successes.</summary>
    private async Task<int> DriveAsync(InMemoryTelegramRateLimiter limiter, IReadOnlyList<long> chats, TimeSpan duration, TimeSpan step)
    {
        var taken = 0;
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += step)
        {
            foreach (var chat in chats)
            {
                while (await limiter.TryAcquireAsync(chat, CancellationToken.None))
                {
                    taken++;
                }
            }

            _time.Advance(step);
        }

        return taken;
    }

    [Fact]
    public async Task TryAcquireAsync_PrivateChat_BurstThenOnePerSecond()
    {
        var limiter = Create();

        var burst = await DriveAsync(limiter, [PrivateChat], TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1));
        var minute = await DriveAsync(limiter, [PrivateChat], TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100));

        Assert.Equal(3, burst);
        Assert.InRange(minute, 59, 61);
    }

    [Fact]
    public async Task TryAcquireAsync_Group_CappedAtTwentyPerMinute()
    {
        var limiter = Create();

        var taken = await DriveAsync(limiter, [Supergroup], TimeSpan.FromMinutes(10), TimeSpan.FromMilliseconds(250));

        // 20 at once, then 20 per minute: far below the 1/s a private chat gets.
        Assert.InRange(taken, 20 + 199, 20 + 201);
    }

    [Fact]
    public async Task TryAcquireAsync_ManyChats_GlobalThirtyPerSecond()
    {
        var limiter = Create();
        var chats = Enumerable.Range(1, 500).Select(i => (long)i).ToList();

        var taken = await DriveAsync(limiter, chats, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));

        Assert.InRange(taken, 30 + 290, 30 + 300); // 30 at once, then 30 per second over 9.9 s
    }

    [Fact]
    public async Task TryAcquireAsync_OneChatOverBudget_OtherChatsUnaffected()
    {
        var limiter = Create();
        await DriveAsync(limiter, [PrivateChat], TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1));

        Assert.False(await limiter.TryAcquireAsync(PrivateChat, CancellationToken.None));
        Assert.True(await limiter.TryAcquireAsync(PrivateChat + 1, CancellationToken.None));
    }

    [Fact]
    public async Task PauseAsync_RetryAfter_BlocksOnlyThatChatUntilItPassed()
    {
        var limiter = Create();
        await limiter.PauseAsync(PrivateChat, TimeSpan.FromSeconds(2), CancellationToken.None);

        var during = await limiter.TryAcquireAsync(PrivateChat, CancellationToken.None);
        var other = await limiter.TryAcquireAsync(PrivateChat + 1, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1.9));
        var almost = await limiter.TryAcquireAsync(PrivateChat, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(0.2));
        var after = await limiter.TryAcquireAsync(PrivateChat, CancellationToken.None);

        Assert.False(during);
        Assert.True(other);
        Assert.False(almost);
        Assert.True(after);
    }

    [Fact]
    public async Task AcquireAsync_OverBudget_WaitsForRefillThenTakes()
    {
        var limiter = Create();
        for (var i = 0; i < 3; i++)
        {
            await limiter.AcquireAsync(PrivateChat, CancellationToken.None).DefaultTimeout();
        }

        var waiting = limiter.AcquireAsync(PrivateChat, CancellationToken.None).AsTask();
        var completedEarly = waiting.IsCompleted;
        _time.Advance(TimeSpan.FromSeconds(1));
        await waiting.DefaultTimeout();

        Assert.False(completedEarly);
        Assert.False(await limiter.TryAcquireAsync(PrivateChat, CancellationToken.None)); // the refilled token went to the waiter
    }

    [Fact]
    public async Task AcquireAsync_Paused_WaitsOutRetryAfter()
    {
        var limiter = Create();
        await limiter.PauseAsync(PrivateChat, TimeSpan.FromSeconds(2), CancellationToken.None);

        var waiting = limiter.AcquireAsync(PrivateChat, CancellationToken.None).AsTask();
        _time.Advance(TimeSpan.FromSeconds(1));
        var afterOne = waiting.IsCompleted;
        _time.Advance(TimeSpan.FromSeconds(1));
        await waiting.DefaultTimeout();

        Assert.False(afterOne);
    }

    [Fact]
    public async Task AcquireAsync_Cancelled_Throws()
    {
        var limiter = Create();
        await limiter.PauseAsync(PrivateChat, TimeSpan.FromMinutes(1), CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = limiter.AcquireAsync(PrivateChat, cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting).DefaultTimeout();
    }

    [Fact]
    public async Task TryAcquireAsync_ConfiguredRates_Honoured()
    {
        var limiter = Create(new TelegramOptions { PerChatPerSecond = 2, PerChatBurst = 1, GlobalPerSecond = 1000 });

        var taken = await DriveAsync(limiter, [PrivateChat], TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50));

        Assert.InRange(taken, 60, 61);
    }
}
