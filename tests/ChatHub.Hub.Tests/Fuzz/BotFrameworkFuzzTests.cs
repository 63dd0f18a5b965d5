using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ChatHub.Hub.Tests.BotFramework;
using Xunit.Abstractions;
using ChatHub.Testing.BotFramework;

namespace ChatHub.Hub.Tests.Fuzz;

/// <summary>
/// Hostile activities against <c>POST /api/messages</c> on a real hub, with a valid Bot Connector token from the
/// loopback issuer (bound to the fake connector's serviceUrl), and hostile Authorization headers with a valid
/// activity. Per case: never 5xx; garbage tokens 401 (with a reason and WWW-Authenticate); the oracle's Invalid →
/// 4xx with a reason and nothing published; Valid → 200; what is published must be publishable from that activity.
/// </summary>
public sealed class BotFrameworkFuzzTests : IAsyncLifetime
{
    private const int CaseCount = 1200;
    private const int MaxBodyBytes = 1024 * 1024;
    private const string Suite = "botframework-activity";

    private static readonly string[] Seeds =
    [
        "personal_message", "group_chat_mentions", "group_chat_unaddressed", "channel_mention", "conversation_update_bot_added",
        "conversation_update_user_added", "invoke_card_action", "personal_image_only", "webchat_message",
    ];

    private readonly ITestOutputHelper _output;
    private BotFrameworkHub _hub = null!;
    private string _token = null!;

    public BotFrameworkFuzzTests(ITestOutputHelper output) => _output = output;

    public async Task InitializeAsync()
    {
        _hub = await BotFrameworkHub.StartAsync(configure: b => b.Logging.SetMinimumLevel(LogLevel.Error));
        _token = _hub.Issuer.BotConnectorToken(_hub.Connector.ServiceUrl);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Messages_FuzzedActivitiesAndTokens_Never5xx_InvalidRejectedWithReason_NothingGarbagePublished()
    {
        var tally = new FuzzTally(Suite, nameof(BotFrameworkFuzzTests));
        var seeds = Seeds.ToDictionary(s => s, s => JsonNode.Parse(_hub.Activity(s))!, StringComparer.Ordinal);
        foreach (var index in FuzzSettings.Cases(CaseCount))
        {
            var seed = FuzzSettings.SeedFor(Suite, index);
            var (fuzzCase, authorization) = Build(index, seed, seeds);
            await RunAsync(fuzzCase, authorization, tally);
        }

        tally.AssertNoFailures(_output);
        await AssertStillAnswersAsync();
    }

    private (FuzzCase Case, string? Authorization) Build(int index, int seed, Dictionary<string, JsonNode> seeds)
    {
        var random = new Random(seed);
        var name = JsonMutator.Pick(random, Seeds);
        var payload = seeds[name].DeepClone();
        payload["id"] = "fz" + index.ToString(CultureInfo.InvariantCulture);
        var bearer = "Bearer " + _token;
        var roll = random.Next(100);
        if (roll < 65)
        {
            var (strategy, body, invalid) = JsonMutator.Mutate(payload, random);
            return (new FuzzCase(index, seed, $"{strategy}({name})", body, invalid), bearer);
        }

        if (roll < 75)
        {
            var (strategy, body) = TeamsSpecific(payload, random);
            return (new FuzzCase(index, seed, $"{strategy}({name})", JsonMutator.Serialize(body), false), bearer);
        }

        if (roll < 90)
        {
            var (strategy, body, invalid) = JsonMutator.Generate(random, MaxBodyBytes, "{\"type\":\"message\",\"entities\":");
            return (new FuzzCase(index, seed, strategy, body, invalid), bearer);
        }

        return (new FuzzCase(index, seed, "bad-authorization", JsonMutator.Serialize(payload.ToJsonString()), true), BadAuthorization(random));
    }

    private static (string Strategy, string Body) TeamsSpecific(JsonNode payload, Random random) => random.Next(4) switch
    {
        0 => ("mention-entities", JsonMutator.SetRaw(payload, "entities", JsonMutator.Pick(random, (string[])[
            "[null]", "[null,{\"type\":\"mention\",\"text\":\"<at>x</at>\"}]", "[{\"type\":\"mention\",\"text\":\"\",\"mentioned\":{\"id\":\"28:" + FakeTokenIssuer.AppId + "\"}}]",
            "[{\"type\":\"mention\",\"text\":\"<at>\",\"mentioned\":null}]", "[{\"type\":\"mention\",\"text\":\"</at><at>\",\"mentioned\":{\"id\":\"28:" + FakeTokenIssuer.AppId + "\"}}]",
            "[{\"type\":\"MENTION\",\"text\":\"<at>ChatHub</at>\",\"mentioned\":{\"id\":\"" + FakeTokenIssuer.AppId + "\"}}]", "[1,\"a\",[]]", "{}"]))),
        1 => ("text-content", JsonMutator.SetRaw(payload, "text", JsonMutator.Pick(random, (string[])[
            "\"\\ud800\"", "\"\\u0000\"", "\"&nbsp;&nbsp;\"", "\"\\u00a0\"", "\"<at>ChatHub</at>\"", "\"" + new string('y', 4001) + "\"",
            "\"" + JsonMutator.RandomText(random) + "\"", "\"<at>ChatHub</at>&nbsp;\\u202e hi\""]))),
        2 => ("conversation-kind", JsonMutator.SetRaw(payload, "conversation", JsonMutator.Pick(random, (string[])[
            "{\"id\":\"a:1\",\"conversationType\":\"personal\"}", "{\"id\":\"a:2\",\"conversationType\":\"groupChat\"}", "{\"id\":\"a:3\",\"conversationType\":\"channel\"}",
            "{\"id\":\"a:4\",\"isGroup\":true}", "{\"id\":\"a:5\",\"conversationType\":\"personal\",\"isGroup\":true}", "{\"id\":\"\"}", "{\"id\":null}", "{}", "null",
            "{\"id\":\"a:6\",\"conversationType\":\"GROUPCHAT\"}", "{\"id\":\"a:7\",\"isGroup\":\"true\"}"]))),
        _ => ("required-missing", JsonMutator.SetRaw(payload, JsonMutator.Pick(random, (string[])["type", "id", "serviceUrl", "channelId", "from", "from.id", "conversation.id", "recipient", "membersAdded"]),
            random.Next(2) == 0 ? null : JsonMutator.Pick(random, (string[])["null", "\"\"", "1", "{}"]))),
    };

    /// <summary>Authorization headers that must all end in 401 (never 5xx, never a publish).</summary>
    private string BadAuthorization(Random random)
    {
        var serviceUrl = _hub.Connector.ServiceUrl;
        return random.Next(12) switch
        {
            0 => "",
            1 => "Bearer",
            2 => "Bearer ",
            3 => "Basic " + Convert.ToBase64String("a:b"u8.ToArray()),
            4 => "Bearer " + FakeTokenIssuer.Tamper(_token),
            5 => "Bearer " + _hub.Issuer.UnsignedToken(serviceUrl),
            6 => "Bearer " + _hub.Issuer.TokenSignedByUnpublishedKey(serviceUrl),
            7 => "Bearer " + _hub.Issuer.BotConnectorToken(serviceUrl, audience: "someone-else"),
            8 => "Bearer " + _hub.Issuer.BotConnectorToken(serviceUrl, expires: DateTimeOffset.UtcNow.AddHours(-2), notBefore: DateTimeOffset.UtcNow.AddHours(-3)),
            9 => "Bearer " + new string('A', random.Next(1, 20_000)),
            10 => "Bearer " + string.Join('.', Enumerable.Range(0, random.Next(1, 6)).Select(_ => Convert.ToBase64String(RandomBytes(random)))),
            _ => "Bearer " + _token[..random.Next(_token.Length)],
        };
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 64)];
        random.NextBytes(bytes);
        return bytes;
    }

    private async Task RunAsync(FuzzCase fuzzCase, string? authorization, FuzzTally tally)
    {
        var before = _hub.Bus.Inbound.Count;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/messages", UriKind.Relative));
        request.Content = new ByteArrayContent(fuzzCase.Body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (!string.IsNullOrEmpty(authorization))
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await _hub.Http.SendAsync(request).DefaultTimeout();
        var status = (int)response.StatusCode;
        var answer = await response.Content.ReadAsStringAsync();
        var published = _hub.Bus.Inbound.Skip(before).ToList();
        var verdict = BotFrameworkOracle.Judge(fuzzCase.Body, _hub.Connector.ServiceUrl, out var document);
        using var _ = document;
        int? expected = fuzzCase.Strategy switch
        {
            "bad-authorization" => 401,
            "oversize" => 413,
            _ => null,
        };
        if (expected is not null)
        {
            verdict = Verdict.Invalid;
        }

        tally.Record(fuzzCase, status, published.Count, verdict);
        TelegramWebhookFuzzTests.Check(fuzzCase, tally, status, answer, verdict, expected);
        if (status == 401 && response.Headers.WwwAuthenticate.Count == 0)
        {
            tally.Fail(fuzzCase, "401 without WWW-Authenticate");
        }

        if (published.Count > 1)
        {
            tally.Fail(fuzzCase, $"{published.Count} messages published for one activity");
        }

        foreach (var message in published)
        {
            var why = FuzzTally.Garbage(message, 4000)
                ?? (document is null ? "published from a body that is not JSON" : BotFrameworkOracle.WhyNotPublishable(document.RootElement, message, FakeTokenIssuer.AppId));
            if (why is not null)
            {
                tally.Fail(fuzzCase, why);
            }
        }
    }

    private async Task AssertStillAnswersAsync()
    {
        var conversation = "a:fuzz-after-" + BotFrameworkHub.NextId();
        var response = await _hub.PostActivityAsync(_hub.Activity("personal_message", id: BotFrameworkHub.NextId(), conversationId: conversation, text: "What is ChatHub?"));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(_hub.Bus.Inbound, m => m.Conversation.ChatId == conversation);
    }
}
