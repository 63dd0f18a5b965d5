using System.Net;
using ChatHub.Hub.Tests.WhatsApp;
using Xunit.Abstractions;

namespace ChatHub.Hub.Tests.Chaos;

/// <summary>
/// Chaos on WhatsApp: while people write, the Cloud API answers sends with a storm of 429s, pair rate limits (131056),
/// throughput limits (130429) and 5xx, then recovers. Every accepted message is answered exactly once, in order within
/// each person's conversation, and nothing is dead-lettered.
/// </summary>
public sealed class WhatsAppStormChaosTests
{
    private const int People = 8;
    private const int PerPerson = 6;
    private static readonly string[] Questions = ["What is ChatHub?", "Which platforms does ChatHub support?", "/help", "Does ChatHub need Redis?"];
    private static readonly (int Status, int Code)[] Storm = [(429, 4), (400, 131056), (400, 130429), (503, 131016), (400, 131056), (429, 80007)];
    private readonly ITestOutputHelper _output;

    public WhatsAppStormChaosTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task CloudApi_RateLimitAndServerErrorStorm_EveryAcceptedMessageAnsweredExactlyOnceInOrder()
    {
        await using var hub = await WhatsAppHub.StartAsync(new Dictionary<string, string?>
        {
            ["RateLimits:Enabled"] = "false",
            ["Channels:WhatsApp:MaxSendAttempts"] = "3", // fewer than a person's share of the storm: the bus's retries must carry the rest
        });
        var people = Enumerable.Range(0, People).Select(_ => WhatsAppHub.NextWaId()).ToArray();
        foreach (var (status, code) in Storm)
        {
            hub.Api.FailNext(status, code, times: 12);
        }

        var accepted = new List<(string Person, string Id)>();
        for (var round = 0; round < PerPerson; round++)
        {
            var posts = people.Select(async (person, index) =>
            {
                var id = WhatsAppHub.NextMessageId();
                using var response = await hub.SendTextAsync(person, id, Questions[(round + index) % Questions.Length]);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return (person, id);
            });
            accepted.AddRange(await Task.WhenAll(posts));
        }

        foreach (var person in people)
        {
            await hub.Api.WaitForDeliveredAsync(person, count: PerPerson).WaitAsync(TimeSpan.FromMinutes(2));
        }

        // One more message per person after the storm, answered last: a late duplicate of an earlier reply would come before it.
        var last = new List<(string Person, string Id)>();
        foreach (var person in people)
        {
            var id = WhatsAppHub.NextMessageId();
            using var response = await hub.SendTextAsync(person, id, "/help");
            last.Add((person, id));
        }

        foreach (var person in people)
        {
            await hub.Api.WaitForDeliveredAsync(person, count: PerPerson + 1).WaitAsync(TimeSpan.FromMinutes(1));
        }

        accepted.AddRange(last);
        var replies = people.SelectMany(hub.Api.DeliveredTo).ToList();
        var perMessage = replies.GroupBy(r => r.ReplyTo ?? "").ToDictionary(g => g.Key, g => g.Count());
        var lost = accepted.Count(a => !perMessage.ContainsKey(a.Id));
        var duplicated = perMessage.Values.Sum(n => n - 1);
        var outOfOrder = people.Count(p => !hub.Api.DeliveredTo(p).Select(r => r.ReplyTo).SequenceEqual(accepted.Where(a => a.Person == p).Select(a => a.Id)));
        var failed = hub.Api.Calls.Count(c => c.IsMessage && !c.Succeeded);
        _output.WriteLine($"whatsapp storm: accepted {accepted.Count}; replies {replies.Count}, lost {lost}, duplicated {duplicated}, people out of order {outOfOrder}, failed sends {failed}");

        Assert.Equal(Storm.Length * 12, failed);
        Assert.Equal((0, 0, 0), (lost, duplicated, outOfOrder));
    }
}
