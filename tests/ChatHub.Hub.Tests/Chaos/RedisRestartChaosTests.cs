using ChatHub.Hub.Tests.Telegram;
using Xunit.Abstractions;
using ChatHub.Testing.Processes;

namespace ChatHub.Hub.Tests.Chaos;

/// <summary>
/// Chaos: the hub keeps its state in a real redis-server (append-only file, fsync always, as a production Redis that
/// holds idempotency keys should), which is killed with SIGKILL under load and restarted on the same port a few
/// seconds later. While it is gone the webhook may refuse updates (Telegram repeats them) and the worker and egress
/// retry; every message the webhook accepted is answered exactly once, in order within its chat.
/// </summary>
public sealed class RedisRestartChaosTests
{
    private readonly ITestOutputHelper _output;

    public RedisRestartChaosTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Redis_KilledAndRestartedUnderLoad_EveryAcceptedMessageAnsweredExactlyOnceInOrder()
    {
        await using var redis = await RespServerProcess.StartAsync(
            "redis", extraArguments: _ => ["--appendonly", "yes", "--appendfsync", "always"]);
        await using var hub = await TelegramHub.StartAsync(ChaosSettings.ForTelegram(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["Redis:KeyPrefix"] = $"chaos-{Guid.NewGuid():N}:",
        }));
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var (load, done) = TelegramChaosLoad.Start(hub.Server.BaseAddress, 9_620_000_001, chats: 20, perChat: 20, TimeSpan.FromMilliseconds(300), stop.Token);

        await load.AcceptedAtLeastAsync(load.Total / 3, stop.Token);
        await redis.KillAsync();
        var acceptedAtKill = load.AcceptedCount;
        await Task.Delay(TimeSpan.FromSeconds(3), stop.Token);
        await redis.StartAsync();
        var acceptedWhileDown = load.AcceptedCount - acceptedAtKill;

        await done.WaitAsync(stop.Token);
        var tally = await DeliveryTally.SettleAsync(hub.Fake, load.Accepted, TimeSpan.FromMinutes(2), quiet: TimeSpan.FromSeconds(2));
        _output.WriteLine(
            $"redis restart: sent {load.Total} ({load.Attempts} webhook requests, {load.Refused} refused; {acceptedWhileDown} accepted while Redis was down); {tally}");

        Assert.True(load.Refused > 0 || acceptedWhileDown > 0, "the outage was never noticed by the webhook");
        Assert.Equal(load.Total, tally.Accepted);
        Assert.Equal((0, 0, 0, 0), (tally.Lost, tally.Duplicated, tally.OutOfOrder, tally.Unexpected));
    }
}
