using ChatHub.Hub.Tests.Telegram;
using Xunit.Abstractions;

namespace ChatHub.Hub.Tests.Chaos;

/// <summary>
/// Chaos: the Telegram Bot API misbehaves for a while under load — every sendMessage answered 429 with retry_after, then
/// 502, then requests that hang past the hub's request timeout (and never reach a chat) — and recovers. Every message
/// the webhook accepted is answered exactly once, in order within its chat. The hub runs with its production retry
/// delays (the outage budget is what docs/reliability.md states).
/// </summary>
public sealed class PlatformOutageChaosTests
{
    private readonly ITestOutputHelper _output;

    public PlatformOutageChaosTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task BotApi_429Then5xxThenTimeouts_EveryAcceptedMessageAnsweredExactlyOnceInOrder()
    {
        await using var hub = await TelegramHub.StartAsync(ChaosSettings.ForTelegram(new Dictionary<string, string?>
        {
            ["Channels:Telegram:RequestTimeout"] = "00:00:01",
        }));
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var (load, done) = TelegramChaosLoad.Start(hub.Server.BaseAddress, 9_610_000_001, chats: 20, perChat: 24, TimeSpan.FromMilliseconds(400), stop.Token);

        await load.AcceptedAtLeastAsync(load.Total / 4, stop.Token);
        hub.Fake.FailNext("sendMessage", 429, "Too Many Requests: retry after 1", retryAfter: 1, times: int.MaxValue);
        await Task.Delay(TimeSpan.FromSeconds(2), stop.Token);
        hub.Fake.ClearFaults();

        await load.AcceptedAtLeastAsync(load.Total / 2, stop.Token);
        hub.Fake.FailNext("sendMessage", 502, "Bad Gateway", times: int.MaxValue);
        await Task.Delay(TimeSpan.FromSeconds(2), stop.Token);
        hub.Fake.ClearFaults();

        await load.AcceptedAtLeastAsync(load.Total * 3 / 4, stop.Token);
        hub.Fake.FailNext("sendMessage", 504, "Gateway Timeout", times: int.MaxValue, hang: TimeSpan.FromSeconds(3));
        await Task.Delay(TimeSpan.FromSeconds(2), stop.Token);
        hub.Fake.ClearFaults();

        await done.WaitAsync(stop.Token);
        var tally = await DeliveryTally.SettleAsync(hub.Fake, load.Accepted, TimeSpan.FromMinutes(2), quiet: TimeSpan.FromSeconds(2));
        _output.WriteLine($"platform outage: sent {load.Total} ({load.Attempts} webhook requests, {load.Refused} refused); {tally}");

        Assert.True(tally.FailedCalls > 0, "the outage never hit a send: " + tally);
        Assert.Equal(load.Total, tally.Accepted);
        Assert.Equal((0, 0, 0, 0), (tally.Lost, tally.Duplicated, tally.OutOfOrder, tally.Unexpected));
    }
}
