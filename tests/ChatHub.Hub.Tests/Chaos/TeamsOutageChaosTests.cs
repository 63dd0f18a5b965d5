using System.Globalization;
using System.Net;
using ChatHub.Hub.Tests.BotFramework;
using Xunit.Abstractions;

namespace ChatHub.Hub.Tests.Chaos;

/// <summary>
/// Chaos on Teams: under load on /api/messages, the Bot Framework connector answers replies with 429 and Retry-After
/// for a while, then 503, then recovers. Every accepted activity is answered exactly once, in order within its
/// conversation.
/// </summary>
public sealed class TeamsOutageChaosTests
{
    private const int Conversations = 10;
    private const int PerConversation = 20;
    private static readonly string[] Questions = ["What is ChatHub?", "Which platforms does ChatHub support?", "/help", "Does ChatHub need Redis?"];
    private readonly ITestOutputHelper _output;

    public TeamsOutageChaosTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Connector_429Then503_EveryAcceptedActivityAnsweredExactlyOnceInOrder()
    {
        await using var hub = await BotFrameworkHub.StartAsync(new Dictionary<string, string?>
        {
            ["RateLimits:Enabled"] = "false",
            ["Channels:Teams:RetryBaseDelay"] = "00:00:00.500",
            ["Channels:Teams:RetryMaxDelay"] = "00:00:10",
        });
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var conversations = Enumerable.Range(0, Conversations).Select(i => $"a:1chaos{i:D2}-{BotFrameworkHub.NextId()}").ToArray();
        var accepted = new List<(string Conversation, string Id)>();

        for (var round = 0; round < PerConversation; round++)
        {
            if (round == PerConversation / 4)
            {
                hub.Connector.FailNext(429, retryAfterSeconds: 1, times: int.MaxValue);
            }
            else if (round == PerConversation / 2)
            {
                hub.Connector.ClearFaults();
                hub.Connector.FailNext(503, code: "ServiceUnavailable", times: int.MaxValue);
            }
            else if (round == PerConversation * 3 / 4)
            {
                hub.Connector.ClearFaults();
            }

            var posts = conversations.Select(async (conversation, index) =>
            {
                var id = BotFrameworkHub.NextId();
                using var response = await hub.PostActivityAsync(
                    hub.Activity("personal_message", id, conversation, text: Questions[(round + index) % Questions.Length]));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return (conversation, id);
            });
            accepted.AddRange(await Task.WhenAll(posts));
            await Task.Delay(TimeSpan.FromMilliseconds(150), stop.Token);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (accepted.Any(a => !hub.Connector.MessagesIn(a.Conversation).Any(m => m.ReplyToId == a.Id)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, stop.Token);
        }

        await Task.Delay(TimeSpan.FromSeconds(2), stop.Token); // late duplicates would show now
        var replies = conversations.SelectMany(hub.Connector.MessagesIn).ToList();
        var perActivity = replies.GroupBy(r => r.ReplyToId ?? "").ToDictionary(g => g.Key, g => g.Count());
        var lost = accepted.Count(a => !perActivity.ContainsKey(a.Id));
        var duplicated = perActivity.Values.Sum(n => n - 1);
        var outOfOrder = conversations.Sum(c => DeliveryTally.CountOutOfOrder(hub.Connector.MessagesIn(c).Select(m => long.Parse(m.ReplyToId ?? "0", CultureInfo.InvariantCulture))));
        var failed = conversations.Sum(c => hub.Connector.CallsTo(c, "message").Count(m => !m.Succeeded));
        _output.WriteLine($"teams outage: accepted {accepted.Count}; replies {replies.Count}, lost {lost}, duplicated {duplicated}, out of order {outOfOrder}, failed posts {failed}");

        Assert.True(failed > 0, "the outage never hit a reply");
        Assert.Equal((0, 0, 0), (lost, duplicated, outOfOrder));
    }
}
