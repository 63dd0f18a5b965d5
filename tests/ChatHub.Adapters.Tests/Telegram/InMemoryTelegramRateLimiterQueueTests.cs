using ChatHub.Adapters.Telegram;
using ChatHub.Adapters.Telegram.Egress;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Tests.Telegram;

/// <summary>
/// How waiting sends are woken: one timer, FIFO per chat, round robin across chats, no polling. Manual clock:
/// counts and order only.
/// </summary>
public sealed class InMemoryTelegramRateLimiterQueueTests
{
    private readonly ManualTimeProvider _time = new();

    private InMemoryTelegramRateLimiter Create(int globalPerSecond = 30, double perChatPerSecond = 30, int perChatBurst = 30) =>
        new(Options.Create(new TelegramOptions
        {
            GlobalPerSecond = globalPerSecond,
            PerChatPerSecond = perChatPerSecond,
            PerChatBurst = perChatBurst,
        }), _time);

    private static async Task DrainGlobalAsync(InMemoryTelegramRateLimiter limiter)
    {
        for (var chat = 1_000_000L; await limiter.TryAcquireAsync(chat, CancellationToken.None); chat++)
        {
        }
    }

    [Fact]
    public async Task AcquireAsync_HundredWaitersBehindGlobalBudget_OneTimerAndOneWakeupPerGrant()
    {
        using var limiter = Create(globalPerSecond: 10);
        await DrainGlobalAsync(limiter);
        var timersBefore = _time.TimersCreated;

        var waiting = Enumerable.Range(1, 100).Select(i => limiter.AcquireAsync(i, CancellationToken.None).AsTask()).ToList();
        for (var i = 0; i < 1000; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(10)); // 10 s in all: 10 tokens/s for 100 waiters
        }

        await Task.WhenAll(waiting).DefaultTimeout();
        // A polling limiter would create a timer per wait and fire thousands (100 waiters × every 10 ms).
        Assert.Equal(0, _time.TimersCreated - timersBefore);
        Assert.InRange(_time.TimersFired, 100, 101);
        Assert.InRange(limiter.Wakeups, 100, 101);
    }

    [Fact]
    public async Task AcquireAsync_OneChatOverItsBudget_SendsGoOutInArrivalOrder()
    {
        using var limiter = Create(perChatPerSecond: 1, perChatBurst: 1);
        const long chat = 42;
        await limiter.AcquireAsync(chat, CancellationToken.None).DefaultTimeout();

        var waiting = Enumerable.Range(0, 5).Select(_ => limiter.AcquireAsync(chat, CancellationToken.None).AsTask()).ToList();
        var completedPerSecond = new List<int>();
        for (var second = 0; second < 5; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await waiting[second].DefaultTimeout();
            completedPerSecond.Add(waiting.Count(t => t.IsCompleted));
        }

        Assert.Equal([1, 2, 3, 4, 5], completedPerSecond);
        Assert.Equal(5, limiter.Wakeups);
    }

    [Fact]
    public async Task AcquireAsync_BusyChatAndLateChat_GlobalBudgetGoesRoundRobin()
    {
        using var limiter = Create(globalPerSecond: 1);
        await DrainGlobalAsync(limiter);

        var busy = Enumerable.Range(0, 3).Select(_ => limiter.AcquireAsync(1, CancellationToken.None).AsTask()).ToList();
        var late = limiter.AcquireAsync(2, CancellationToken.None).AsTask();

        _time.Advance(TimeSpan.FromSeconds(1));
        await busy[0].DefaultTimeout();
        var lateAfterOne = late.IsCompleted;
        _time.Advance(TimeSpan.FromSeconds(1));
        await late.DefaultTimeout();
        var busyAfterTwo = busy.Count(t => t.IsCompleted);

        Assert.False(lateAfterOne);
        Assert.Equal(1, busyAfterTwo); // the late chat's first send went before the busy chat's second
    }

    [Fact]
    public async Task AcquireAsync_ChatPaused_OtherChatsGoAtOnce()
    {
        using var limiter = Create();
        await limiter.PauseAsync(1, TimeSpan.FromMinutes(1), CancellationToken.None);
        var paused = limiter.AcquireAsync(1, CancellationToken.None).AsTask();

        var other = limiter.AcquireAsync(2, CancellationToken.None);

        Assert.True(other.IsCompletedSuccessfully);
        Assert.False(paused.IsCompleted);
        _time.Advance(TimeSpan.FromMinutes(1));
        await paused.DefaultTimeout();
    }

    [Fact]
    public async Task AcquireAsync_HeadWaiterCancelled_NextWaiterOfTheChatGetsTheToken()
    {
        using var limiter = Create(perChatPerSecond: 1, perChatBurst: 1);
        await limiter.AcquireAsync(7, CancellationToken.None).DefaultTimeout();
        using var cancel = new CancellationTokenSource();
        var first = limiter.AcquireAsync(7, cancel.Token).AsTask();
        var second = limiter.AcquireAsync(7, CancellationToken.None).AsTask();

        await cancel.CancelAsync();
        _time.Advance(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first).DefaultTimeout();
        await second.DefaultTimeout();
    }

    [Fact]
    public async Task TryAcquireAsync_SendsWaiting_DoesNotOvertakeThem()
    {
        using var limiter = Create(globalPerSecond: 1);
        await DrainGlobalAsync(limiter);
        var waiting = limiter.AcquireAsync(1, CancellationToken.None).AsTask();

        _time.Advance(TimeSpan.FromSeconds(1));
        await waiting.DefaultTimeout();

        Assert.False(await limiter.TryAcquireAsync(2, CancellationToken.None)); // the refilled token went to the waiter
    }

    [Fact]
    public async Task TryAcquireAsync_IdleChats_ForgottenByTimeWithoutThousandsOfOperations()
    {
        using var limiter = Create();
        for (var chat = 1L; chat <= 20; chat++)
        {
            await limiter.TryAcquireAsync(chat, CancellationToken.None);
        }

        _time.Advance(InMemoryTelegramRateLimiter.IdleAfter + InMemoryTelegramRateLimiter.SweepInterval);
        await limiter.TryAcquireAsync(99, CancellationToken.None);

        Assert.Equal(1, limiter.TrackedChats);
    }
}
