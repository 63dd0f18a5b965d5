using Xunit.Abstractions;

namespace ChatHub.Sqlite.Tests.Process;

/// <summary>
/// Issue 24's acceptance test: the embedded hub (one process, default durable storage) is killed with SIGKILL while it
/// receives 1,000 Telegram updates at 200/s over 50 chats, and started again on the same folder. Every update that was
/// answered 200 must be answered exactly once, in order within its chat: what was accepted but not yet handled is
/// replayed from the inbox, and the processing ledger skips what was finished. Before each kill the Bot API is held
/// until the hub has recorded every reply it posted (<see cref="EmbeddedHub.QuiesceEgressAsync"/>), and stays held while
/// another <see cref="Backlog"/> updates are accepted: ingress and the worker are killed mid-flight, egress with those
/// replies waiting on the platform. Counts only; nothing is timed.
/// </summary>
public sealed class KilledHubTests(ITestOutputHelper output)
{
    private static readonly TimeSpan HardTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan LossTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Updates accepted while the Bot API is held before a kill: accepted, not yet answered, when the hub dies.</summary>
    private const int Backlog = 50;

    [Theory]
    [InlineData(1, 0.25)]
    [InlineData(2, 0.5)]
    [InlineData(3, 0.75)]
    public async Task KilledMidLoadAndRestarted_EveryAcceptedUpdateAnsweredExactlyOnceInOrder(int run, double killAt)
    {
        await using var hub = await EmbeddedHub.StartAsync();
        using var stop = new CancellationTokenSource(HardTimeout);
        var load = new TelegramLoad(() => hub.Address, chats: 50, perChat: 20, rate: 200);
        var sending = load.RunAsync(stop.Token);

        await load.AcceptedAtLeastAsync((int)(load.Total * killAt)).WaitAsync(stop.Token);
        await KillAndRestartAsync(hub, load, $"run {run}", stop.Token);
        await sending.WaitAsync(stop.Token);

        var report = await SettleAsync(hub, load, stop.Token);
        Assert.Equal(load.Total, report.Accepted);
        Assert.Equal((0, 0, 0, 0), (report.Lost, report.Duplicated, report.OutOfOrder, report.Unexpected));
    }

    /// <summary>
    /// Chaos: the issue's slow Bot API (0.4 s per sendMessage, so replies queue up) and three kills at random moments of
    /// the same load (seeded; the seed is printed), each followed by a restart.
    /// </summary>
    [Fact]
    public async Task Chaos_SlowBotApiAndThreeKillsAtRandomMoments_EveryAcceptedUpdateAnsweredExactlyOnceInOrder()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var points = Enumerable.Range(0, 3).Select(_ => 0.1 + (random.NextDouble() * 0.8)).Order().ToArray();
        output.WriteLine($"seed {seed}: kills at {string.Join(", ", points.Select(p => p.ToString("P0", System.Globalization.CultureInfo.InvariantCulture)))} of the updates accepted");
        await using var hub = await EmbeddedHub.StartAsync();
        hub.Telegram.SendDelay = TimeSpan.FromMilliseconds(400);
        using var stop = new CancellationTokenSource(HardTimeout);
        var load = new TelegramLoad(() => hub.Address, chats: 50, perChat: 20, rate: 200);
        var sending = load.RunAsync(stop.Token);

        for (var i = 0; i < points.Length; i++)
        {
            await load.AcceptedAtLeastAsync((int)(load.Total * points[i])).WaitAsync(stop.Token);
            await KillAndRestartAsync(hub, load, $"kill {i + 1}", stop.Token);
        }

        await sending.WaitAsync(stop.Token);
        var report = await SettleAsync(hub, load, stop.Token);
        Assert.Equal(load.Total, report.Accepted);
        Assert.Equal((0, 0, 0, 0), (report.Lost, report.Duplicated, report.OutOfOrder, report.Unexpected));
    }

    private async Task KillAndRestartAsync(EmbeddedHub hub, TelegramLoad load, string label, CancellationToken cancellationToken)
    {
        await hub.QuiesceEgressAsync(cancellationToken);
        await load.AcceptedAtLeastAsync(Math.Min(load.Total, load.AcceptedCount + Backlog)).WaitAsync(cancellationToken);
        var accepted = load.AcceptedCount;
        var answered = hub.Telegram.Answered;
        await hub.KillAsync();
        output.WriteLine($"{label}: kill -9 with {accepted} updates accepted, {answered} answered ({accepted - answered} accepted and not yet answered)");
        await hub.StartAsync().WaitAsync(cancellationToken);
        hub.Telegram.Resume();
        output.WriteLine($"{label}: restarted (replayed [5560]: {hub.Node.Events(5560)} topic(s)) with {load.AcceptedCount} accepted, {hub.Telegram.Answered} answered");
    }

    /// <summary>Waits for every accepted update's reply (at most <see cref="LossTimeout"/>), then for 2 s without a send, so late duplicates show.</summary>
    private async Task<DeliveryReport> SettleAsync(EmbeddedHub hub, TelegramLoad load, CancellationToken cancellationToken)
    {
        try
        {
            await hub.Telegram.WhenAnsweredAsync(load.AcceptedCount).WaitAsync(LossTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // reported as lost below
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (Environment.TickCount64 - hub.Telegram.LastSendTicks < 2_000)
        {
            await timer.WaitForNextTickAsync(cancellationToken);
        }

        var report = DeliveryReport.Of(load.Accepted, hub.Telegram.Sent());
        output.WriteLine($"sent {load.Total} updates ({load.Retries} webhook attempts repeated); {report}; storage {(EmbeddedHub.IsDurable ? "sqlite" : "memory")}");
        return report;
    }
}
