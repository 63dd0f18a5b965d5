using ChatHub.Hub.Tests.Infrastructure;
using Xunit.Abstractions;
using ChatHub.Testing.Processes;

namespace ChatHub.Hub.Tests.Chaos;

/// <summary>
/// Chaos for the web chat: the hub on real Kestrel keeps its state (idempotency keys, transcripts, the SignalR
/// backplane) in a real redis-server (append-only file, fsync always), which is killed with SIGKILL while widget
/// clients are sending and restarted on the same port a few seconds later. While it is gone <c>Send</c> may fail or a
/// connection may drop; the clients send again with the same client message id and re-join with their last seq, as the
/// widget does. Every message the hub accepted gets exactly one final reply (live or replayed), in order, with seq
/// values increasing within its conversation.
/// </summary>
public sealed class WebChatRedisRestartChaosTests
{
    private readonly ITestOutputHelper _output;

    public WebChatRedisRestartChaosTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Redis_KilledAndRestartedUnderWebChatLoad_EveryAcceptedMessageAnsweredExactlyOnceInOrder()
    {
        await using var redis = await RespServerProcess.StartAsync(
            "redis", extraArguments: _ => ["--appendonly", "yes", "--appendfsync", "always"]);
        await using var hub = await HubServer.StartAsync(ChaosSettings.ForWebChat(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["Redis:KeyPrefix"] = $"chaos-{Guid.NewGuid():N}:",
        }));
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var (load, done) = WebChatChaosLoad.Start(hub.BaseAddress, clients: 10, perClient: 30, stop.Token);

        await load.AcceptedAtLeastAsync(load.Total / 3, stop.Token);
        await redis.KillAsync();
        var acceptedAtKill = load.AcceptedCount;
        await Task.Delay(TimeSpan.FromSeconds(3), stop.Token);
        await redis.StartAsync();
        var acceptedWhileDown = load.AcceptedCount - acceptedAtKill;

        await done.WaitAsync(stop.Token);
        var tally = await WebChatDeliveryTally.SettleAsync(load, TimeSpan.FromMinutes(2), quiet: TimeSpan.FromSeconds(2));

        await stop.CancelAsync();
        await load.Disconnected.DefaultTimeout();
        _output.WriteLine(
            $"web chat redis restart: sent {load.Total} ({load.Attempts} Send calls, {load.Refused} failed or refused; " +
            $"{acceptedWhileDown} accepted while Redis was down; {load.Reconnects} reconnects, {load.FailedJoins} failed connects or joins, {load.CaughtUp} replies replayed by Join); {tally}");

        Assert.True(load.Refused > 0 || load.Reconnects > 0, "the outage was never noticed by the clients");
        Assert.All(load.Clients, c => Assert.Single(c.Conversations));
        Assert.Equal(load.Total, tally.Accepted);
        Assert.Equal((0, 0, 0, 0), (tally.Lost, tally.Duplicated, tally.OutOfOrder, tally.SeqNotIncreasing));
        Assert.Equal((0, 0, 0), (tally.Errors, tally.WrongAnswers, tally.Unexpected));
    }
}
