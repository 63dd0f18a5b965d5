using ChatHub.Adapters.BotFramework;
using ChatHub.Adapters.BotFramework.Egress;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Tests.BotFramework;

/// <summary>Teams' outbound budget on a manual clock: counts of posts per window, no wall-clock timing.</summary>
public sealed class BotFrameworkSendBudgetTests
{
    private const string Tenant = "0e1f2a3b-4c5d-4e6f-8a9b-c0d1e2f3a4b5";
    private const string OtherTenant = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    private static readonly Uri ServiceUrl = new("https://smba.trafficmanager.net/emea/");
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    private readonly ManualTimeProvider _time = new();

    private BotFrameworkSendBudget Create(BotFrameworkOptions? options = null) => new(Options.Create(options ?? new BotFrameworkOptions()), _time);

    private static BotFrameworkTarget Target(string conversation, string? tenant = Tenant, Uri? serviceUrl = null) =>
        new(serviceUrl ?? ServiceUrl, conversation, null, "personal") { TenantId = tenant };

    /// <summary>Takes budget whenever there is some, for every target, every <see cref="Step"/>; returns the clock times of the posts per target.</summary>
    private List<DateTimeOffset>[] Drive(BotFrameworkSendBudget budget, BotFrameworkTarget[] targets, TimeSpan duration)
    {
        var posts = targets.Select(_ => new List<DateTimeOffset>()).ToArray();
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += Step)
        {
            for (var i = 0; i < targets.Length; i++)
            {
                while (budget.TryAcquire(targets[i]))
                {
                    posts[i].Add(_time.GetUtcNow());
                }
            }

            _time.Advance(Step);
        }

        return posts;
    }

    /// <summary>The most posts in any window of <paramref name="window"/> (a half-open interval [t, t + window)).</summary>
    private static int MaxInWindow(List<DateTimeOffset> sorted, TimeSpan window)
    {
        var best = 0;
        for (int start = 0, end = 0; end < sorted.Count; end++)
        {
            while (sorted[end] - sorted[start] >= window)
            {
                start++;
            }

            best = Math.Max(best, end - start + 1);
        }

        return best;
    }

    [Fact]
    public void TryAcquire_OneConversationGreedyForAMinute_TeamsWindowsHeldAndFilled()
    {
        var budget = Create();

        var posts = Drive(budget, [Target("a:1")], TimeSpan.FromMinutes(1))[0];

        Assert.Equal(7, MaxInWindow(posts, TimeSpan.FromSeconds(1)));
        Assert.Equal(8, MaxInWindow(posts, TimeSpan.FromSeconds(2)));
        Assert.Equal(60, MaxInWindow(posts, TimeSpan.FromSeconds(30)));
        Assert.Equal(7, posts.Count(p => p == ManualTimeProvider.DefaultStart)); // the burst of the first second
        Assert.Equal(120, posts.Count); // 60 per 30 s is the binding window over a minute
    }

    [Fact]
    public void TryAcquire_OneConversationGreedyForTwoHours_AtMost1800InAnyHour()
    {
        var budget = Create();

        var posts = Drive(budget, [Target("a:1")], TimeSpan.FromHours(2))[0];

        Assert.Equal(1800, MaxInWindow(posts, TimeSpan.FromHours(1)));
        Assert.Equal(60, MaxInWindow(posts, TimeSpan.FromSeconds(30)));
        Assert.Equal(1800, posts.Count(p => p < ManualTimeProvider.DefaultStart.AddHours(1)));
        Assert.InRange(posts.Count, 3500, 3600); // the counted slices cost at most a minute per hour
    }

    [Fact]
    public void TryAcquire_ManyConversationsOfOneTenant_ThirtyASecondAfterTheBurst()
    {
        var budget = Create();
        var targets = Enumerable.Range(0, 50).Select(i => Target($"a:{i}")).ToArray();

        var posts = Drive(budget, targets, TimeSpan.FromSeconds(10)).SelectMany(p => p).Order().ToList();

        Assert.InRange(posts.Count, 10 + 299, 10 + 301); // burst, then 30 a second
        Assert.InRange(MaxInWindow(posts, TimeSpan.FromSeconds(1)), 30, 10 + 31);
        Assert.Equal(10, posts.Count(p => p == ManualTimeProvider.DefaultStart));
    }

    [Fact]
    public void TryAcquire_TwoTenantsAndTwoServiceUrls_EachItsOwnBudget()
    {
        var budget = Create();
        BotFrameworkTarget[] targets =
        [
            .. Enumerable.Range(0, 20).Select(i => Target($"a:{i}")),
            .. Enumerable.Range(0, 20).Select(i => Target($"b:{i}", OtherTenant)),
            .. Enumerable.Range(0, 20).Select(i => Target($"c:{i}", tenant: null)),
            .. Enumerable.Range(0, 20).Select(i => Target($"d:{i}", tenant: null, new Uri("https://smba.trafficmanager.net/amer/"))),
        ];

        var posts = Drive(budget, targets, Step);

        Assert.Equal([10, 10, 10, 10], posts.Chunk(20).Select(group => group.Sum(p => p.Count)));
        Assert.Equal(4, budget.TrackedTenants);
    }

    [Fact]
    public void TryAcquire_BotTenantConfigured_ConversationsWithoutTenantShareIt()
    {
        var budget = Create(new BotFrameworkOptions { TenantId = Tenant });

        var posts = Drive(budget, [Target("a:1"), Target("a:2", tenant: null)], Step);

        Assert.Equal(10, posts.Sum(p => p.Count)); // one bucket: the bot's tenant
        Assert.Equal(1, budget.TrackedTenants);
    }

    [Fact]
    public void Pause_429_StopsTheConversationAndItsTenantForRetryAfter()
    {
        var budget = Create();
        Assert.True(budget.TryAcquire(Target("a:1")));

        budget.Pause(Target("a:1"), TimeSpan.FromSeconds(5));
        var during = Drive(budget, [Target("a:1"), Target("a:2")], TimeSpan.FromSeconds(5) - Step);
        var otherTenant = Drive(budget, [Target("b:1", OtherTenant)], Step);
        var after = Drive(budget, [Target("a:1"), Target("a:2")], Step * 2);

        Assert.Equal([0, 0], during.Select(p => p.Count));
        Assert.Equal(7, otherTenant[0].Count);
        Assert.Equal([7, 3], after.Select(p => p.Count)); // the tenant's burst of 10, shared
    }

    [Fact]
    public async Task AcquireAsync_TenSendsToOneConversation_WaitOnTheClockInOrder()
    {
        var budget = Create();
        var target = Target("a:1");

        var sends = Enumerable.Range(0, 10).Select(_ => budget.AcquireAsync(target, CancellationToken.None).AsTask()).ToArray();
        var atOnce = sends.Count(s => s.IsCompletedSuccessfully);
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(1)).DefaultTimeout(); // the eighth sleeps until the first second is over
        _time.Advance(TimeSpan.FromSeconds(1));
        await sends[7].DefaultTimeout();
        var afterOne = sends.Count(s => s.IsCompletedSuccessfully);
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(1)).DefaultTimeout(); // the ninth: 8 in any 2 s
        _time.Advance(TimeSpan.FromSeconds(1));
        var all = await Task.WhenAll(sends).DefaultTimeout();

        Assert.Equal(7, atOnce);
        Assert.Equal(8, afterOne);
        Assert.All(all, Assert.True);
    }

    [Fact]
    public async Task AcquireAsync_ForTheTenantsBudget_OneWaiterSleepsTheOthersQueue()
    {
        var budget = Create(new BotFrameworkOptions { BudgetPerTenantBurst = 1, BudgetPerTenantPerSecond = 1 });

        var sends = Enumerable.Range(0, 5).Select(i => budget.AcquireAsync(Target($"a:{i}"), CancellationToken.None).AsTask()).ToArray();
        var atOnce = sends.Count(s => s.IsCompletedSuccessfully);
        var counts = new List<int>();
        for (var second = 0; second < 4; second++)
        {
            await _time.WaitForTimerAsync(TimeSpan.FromSeconds(1)).DefaultTimeout();
            var timers = _time.PendingTimers;
            _time.Advance(TimeSpan.FromSeconds(1));
            await sends[second + 1].DefaultTimeout();
            counts.Add(sends.Count(s => s.IsCompletedSuccessfully));
            Assert.Equal(5 - second, timers); // one sleeper (1 s) plus the waiters' own BudgetMaxWait timers: nobody polls
        }

        Assert.Equal(1, atOnce);
        Assert.Equal([2, 3, 4, 5], counts);
    }

    [Fact]
    public async Task AcquireAsync_WaitLongerThanBudgetMaxWait_FalseAndNothingTaken()
    {
        var budget = Create(new BotFrameworkOptions { BudgetPerConversationPerHour = 1, BudgetMaxWait = TimeSpan.FromMinutes(1) });
        Assert.True(await budget.AcquireAsync(Target("a:1"), CancellationToken.None).AsTask().DefaultTimeout());

        var refused = await budget.AcquireAsync(Target("a:1"), CancellationToken.None).AsTask().DefaultTimeout();

        Assert.False(refused);
        Assert.True(budget.TryAcquire(Target("a:2")));
        var others = Enumerable.Range(3, 10).Select(i => Target($"a:{i}")).ToArray(); // one post an hour each
        Assert.Equal(8, Drive(budget, others, Step).Sum(p => p.Count)); // the tenant's 10 less a:1 and a:2: the refused one took none
    }

    [Fact]
    public void Sweep_ConversationsIdleForAnHour_Forgotten()
    {
        var budget = Create();
        for (var i = 0; i < 1000; i++)
        {
            budget.TryAcquire(Target($"a:{i}"));
        }

        var tracked = budget.TrackedConversations;
        _time.Advance(TimeSpan.FromHours(1) + BotFrameworkSendBudget.SweepInterval + TimeSpan.FromSeconds(1));
        budget.TryAcquire(Target("a:new"));

        Assert.Equal(1000, tracked);
        Assert.Equal(1, budget.TrackedConversations);
        Assert.Equal(1, budget.TrackedTenants);
    }

    [Fact]
    public void SegmentedSendWindow_NeverMoreThanTheLimitInAnyWindow()
    {
        var window = new SegmentedSendWindow(limit: 5, length: 100, segments: 10);
        var sends = new List<long>();
        for (long now = 0; now < 1000; now++)
        {
            while (window.WaitTicks(now) == 0)
            {
                window.Take(now);
                sends.Add(now);
            }
        }

        var most = sends.Max(s => sends.Count(t => t >= s && t < s + 100));
        Assert.Equal(5, most);
        Assert.InRange(sends.Count, 45, 50); // at most one slice per window lost to the counting
    }
}
