using System.Globalization;
using ChatHub.Hub.Tests.Discord;
using Xunit.Abstractions;
using ChatHub.Testing.Discord;

namespace ChatHub.Hub.Tests.Chaos;

/// <summary>
/// Chaos on Discord: under load from the gateway, the REST API answers message creates with 429 (the bucket), then
/// 502, then processes some but answers too late for the hub's request timeout (the message exists, the hub never
/// heard). Every message is answered exactly once, in order within its channel: the last case only because creates
/// carry a nonce with <c>enforce_nonce</c>, so the retried create returns the message the lost one made.
/// </summary>
public sealed class DiscordOutageChaosTests
{
    private const int Channels = 12;
    private const int PerChannel = 20;
    private static readonly string[] Questions = ["What is ChatHub?", "Which platforms does ChatHub support?", "/help", "Does ChatHub need Redis?"];
    private readonly ITestOutputHelper _output;

    public DiscordOutageChaosTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Rest_429Then5xxThenLostResponses_EveryMessageAnsweredExactlyOnceInOrder()
    {
        await using var hub = await DiscordHub.StartAsync(new Dictionary<string, string?>
        {
            ["RateLimits:Enabled"] = "false",
            ["Channels:Discord:RequestTimeout"] = "00:00:01",
            ["Channels:Discord:RetryBaseDelay"] = "00:00:00.500",
            ["Channels:Discord:RetryMaxDelay"] = "00:00:10",
        });
        await hub.WaitForSessionAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var sent = new List<(string Channel, string Id)>();
        var channels = Enumerable.Range(0, Channels).Select(i => (760_000_000_000_000_001 + i).ToString(CultureInfo.InvariantCulture)).ToArray();

        // After 60 good creates, queued in this order: 429s, then 502s, then creates processed whose answer is lost.
        hub.Fake.Script(FakeRoute.CreateMessage, 429, retryAfter: 0.5, times: 12, afterCalls: 60);
        hub.Fake.Script(FakeRoute.CreateMessage, 502, message: "Bad Gateway", times: 12);
        hub.Fake.Script(FakeRoute.CreateMessage, 200, times: 6, hang: TimeSpan.FromSeconds(2));
        for (var round = 0; round < PerChannel; round++)
        {
            foreach (var (channel, index) in channels.Select((c, i) => (c, i)))
            {
                var id = DiscordPayloads.NextId();
                hub.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm(id, channel, Questions[(round + index) % Questions.Length], authorId: $"8035111022467{index:D5}"));
                sent.Add((channel, id));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(150), stop.Token);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (Unanswered(hub.Fake, sent) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, stop.Token);
        }

        await Task.Delay(TimeSpan.FromSeconds(3), stop.Token); // late duplicates would show now
        var created = channels.SelectMany(hub.Fake.MessagesIn).ToList();
        var perMessage = created.GroupBy(m => m.ReplyTo ?? "").ToDictionary(g => g.Key, g => g.Count());
        var lost = sent.Count(s => !perMessage.ContainsKey(s.Id));
        var duplicated = perMessage.Values.Sum(n => n - 1);
        var outOfOrder = channels.Sum(c => DeliveryTally.CountOutOfOrder(hub.Fake.MessagesIn(c).Select(m => long.Parse(m.ReplyTo ?? "0", CultureInfo.InvariantCulture))));
        var failedCalls = hub.Fake.CallsTo(FakeRoute.CreateMessage).Count(c => !c.Succeeded);
        var lateAnswers = hub.Fake.CallsTo(FakeRoute.CreateMessage).Count(c => c.Succeeded) - created.Count;
        _output.WriteLine(
            $"discord outage: sent {sent.Count}; created {created.Count}, lost {lost}, duplicated {duplicated}, out of order {outOfOrder}, " +
            $"failed creates {failedCalls}, creates repeated after a lost response {lateAnswers}");

        Assert.True(failedCalls > 0 && lateAnswers > 0, "the outage never hit a create");
        Assert.Equal((0, 0, 0), (lost, duplicated, outOfOrder));
    }

    private static int Unanswered(FakeDiscord fake, List<(string Channel, string Id)> sent)
    {
        var answered = sent.Select(s => s.Channel).Distinct().SelectMany(fake.MessagesIn).Select(m => m.ReplyTo).ToHashSet();
        return sent.Count(s => !answered.Contains(s.Id));
    }
}
