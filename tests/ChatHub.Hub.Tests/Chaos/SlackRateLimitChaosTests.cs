using ChatHub.Hub.Tests.Slack;
using ChatHub.Testing.Slack;
using Xunit.Abstractions;

namespace ChatHub.Hub.Tests.Chaos;

/// <summary>
/// Chaos on Slack: under load from the Events API, the Web API answers a storm of <c>chat.postMessage</c> calls with
/// HTTP 429 and <c>Retry-After</c>, then with 503s. Every mention is answered exactly once, in its own thread: a 429
/// or a 503 posts nothing, the adapter waits out <c>Retry-After</c> (and backs off on 5xx), and the bus retries what
/// ran out of attempts.
/// </summary>
public sealed class SlackRateLimitChaosTests
{
    private const int Channels = 4;
    private const int PerChannel = 10;
    private static readonly string[] Questions = ["What is ChatHub?", "Which platforms does ChatHub support?", "/help", "Does ChatHub need Redis?"];
    private readonly ITestOutputHelper _output;

    public SlackRateLimitChaosTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task WebApi_429StormThen503s_EveryMentionAnsweredExactlyOnceInItsThread()
    {
        await using var hub = await SlackHub.StartAsync(new Dictionary<string, string?>
        {
            ["RateLimits:Enabled"] = "false",
            ["Channels:Slack:PostsPerChannelPerSecond"] = "50",
            ["Channels:Slack:PostsPerChannelBurst"] = "50",
            ["Channels:Slack:MaxSendAttempts"] = "3",
            ["Channels:Slack:RetryBaseDelay"] = "00:00:00.100",
            ["Channels:Slack:RetryMaxDelay"] = "00:00:00.500",
        });
        var channels = Enumerable.Range(0, Channels).Select(i => $"C0CHAOS{i:D3}").ToArray();
        var sent = new List<(string Channel, string Ts)>();

        // After 5 good posts: 25 answered 429 (Retry-After: 1), then 10 answered 503.
        hub.Fake.FailNext("chat.postMessage", "ratelimited", status: 429, retryAfter: 1, times: 25, afterCalls: 5);
        hub.Fake.FailNext("chat.postMessage", "service_unavailable", status: 503, times: 10);
        for (var round = 0; round < PerChannel; round++)
        {
            foreach (var (channel, index) in channels.Select((c, i) => (c, i)))
            {
                var ts = SlackPayloads.NextTs();
                var response = await hub.PostEventAsync(SlackPayloads.AppMention(channel, ts, Questions[(round + index) % Questions.Length], user: $"U0CHAOS{index:D3}"));
                Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode); // acknowledged at once, whatever egress is going through
                sent.Add((channel, ts));
            }
        }

        await hub.Fake.WaitUntilAsync(() => Unanswered(hub.Fake, sent) == 0).WaitAsync(TimeSpan.FromMinutes(3));

        var posted = hub.Fake.Messages.Where(m => channels.Contains(m.Channel)).ToList();
        var perQuestion = posted.GroupBy(m => (m.Channel, m.ThreadTs)).ToDictionary(g => g.Key, g => g.Count());
        var duplicated = perQuestion.Values.Sum(n => n - 1);
        var stray = posted.Count(m => !sent.Contains((m.Channel, m.ThreadTs ?? "")));
        var refused429 = hub.Fake.CallsTo("chat.postMessage").Count(c => c.Status == 429);
        var refused5xx = hub.Fake.CallsTo("chat.postMessage").Count(c => c.Status >= 500);
        _output.WriteLine($"slack 429 storm: sent {sent.Count}; posted {posted.Count}, duplicated {duplicated}, stray {stray}, 429s {refused429}, 503s {refused5xx}");

        Assert.Equal((25, 10), (refused429, refused5xx));
        Assert.Equal((sent.Count, 0, 0), (posted.Count, duplicated, stray));
    }

    private static int Unanswered(FakeSlack fake, List<(string Channel, string Ts)> sent)
    {
        var answered = fake.Messages.Select(m => (m.Channel, m.ThreadTs ?? "")).ToHashSet();
        return sent.Count(s => !answered.Contains(s));
    }
}
