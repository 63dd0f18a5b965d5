using System.Globalization;
using System.Text.Json.Nodes;
using ChatHub.Hub.Tests.Slack;
using ChatHub.Testing.Slack;
using Xunit.Abstractions;

namespace ChatHub.Hub.Tests.Fuzz;

/// <summary>
/// Hostile bodies against <c>POST /webhooks/slack</c> on a real hub, each correctly signed unless the case is about the
/// signature. Per case: never 5xx; 401 for a wrong or stale signature, 415 for a non-JSON content type (400 for a form
/// body, read as an interaction, without a JSON <c>payload</c>), 413 over the cap;
/// the oracle's Invalid → 4xx with a reason and nothing on chat.inbound; Valid → 2xx; anything published must be
/// publishable from that request (right channel, ts, user, thread; never a bot's message or an edit) and clean.
/// Afterwards the hub still answers.
/// </summary>
public sealed class SlackWebhookFuzzTests : IAsyncLifetime
{
    private const int CaseCount = 1200;
    private const int MaxBodyBytes = 1024 * 1024;
    private const string Suite = "slack-webhook";

    private static readonly string[] Seeds =
        ["app_mention", "app_mention_thread", "dm", "dm_bot_message", "dm_changed", "channel_message", "url_verification", "reaction_added", "team_join", "app_rate_limited"];

    private static readonly string[] ContentTypes =
        ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "application/jsonp", "text/json2", ""];

    private readonly ITestOutputHelper _output;
    private SlackHub _hub = null!;

    public SlackWebhookFuzzTests(ITestOutputHelper output) => _output = output;

    /// <summary>
    /// A hub of its own, logging errors only (thousands of rejections at Warning would bury a CI log), with the
    /// per-person limits off (a hundred accepted cases come from two users, far faster than a person types) and Slack's
    /// per-channel budget raised (their answers share two channels and would go out at one a second for the rest of
    /// the run).
    /// </summary>
    public async Task InitializeAsync() => _hub = await SlackHub.StartAsync(
        new Dictionary<string, string?> { ["Channels:Slack:PostsPerChannelPerSecond"] = "1000", ["Channels:Slack:PostsPerChannelBurst"] = "1000", ["RateLimits:Enabled"] = "false" },
        configure: b => b.Logging.SetMinimumLevel(LogLevel.Error));

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private static JsonNode Seed(string name) => name switch
    {
        "app_mention" => SlackPayloads.AppMention("C0FUZZ0001", "1765000000.000001", "What is ChatHub? 🚀"),
        "app_mention_thread" => SlackPayloads.AppMention("C0FUZZ0001", "1765000000.000002", "and more", threadTs: "1765000000.000001"),
        "dm" => SlackPayloads.DirectMessage("D0FUZZ0001", "1765000000.000003", "Привет & <hello>"),
        "dm_bot_message" => SlackPayloads.DirectMessage("D0FUZZ0001", "1765000000.000004", "/help", subtype: "bot_message", botId: "B0OTHER001"),
        "dm_changed" => SlackPayloads.DirectMessageChanged("D0FUZZ0001", "1765000000.000005", "/help"),
        "channel_message" => SlackPayloads.Callback(new JsonObject
        {
            ["type"] = "message", ["channel"] = "C0FUZZ0001", ["user"] = "U0PERSON01", ["text"] = "chatter", ["ts"] = "1765000000.000006", ["channel_type"] = "channel",
        }, null),
        "reaction_added" => SlackPayloads.Callback(new JsonObject
        {
            ["type"] = "reaction_added", ["user"] = "U0PERSON01", ["reaction"] = "thumbsup", ["item_user"] = FakeSlack.BotUserId,
            ["item"] = new JsonObject { ["type"] = "message", ["channel"] = "C0FUZZ0001", ["ts"] = "1765000000.000001" }, ["event_ts"] = "1765000000.000007",
        }, null),
        "team_join" => SlackPayloads.Callback(new JsonObject
        {
            ["type"] = "team_join", ["user"] = new JsonObject { ["id"] = "U0NEWBIE01", ["name"] = "newbie", ["is_bot"] = false }, ["event_ts"] = "1765000000.000008",
        }, null),
        "app_rate_limited" => new JsonObject
        {
            ["token"] = "XXYYZZ", ["type"] = "app_rate_limited", ["team_id"] = FakeSlack.TeamId, ["minute_rate_limited"] = 1518467820, ["api_app_id"] = "A0TESTAPP",
        },
        _ => SlackPayloads.UrlVerification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"),
    };

    [Fact]
    public async Task Webhook_FuzzedBodies_Never5xx_InvalidRejectedWithReason_NothingGarbagePublished()
    {
        var tally = new FuzzTally(Suite, nameof(SlackWebhookFuzzTests));
        var seeds = Seeds.ToDictionary(s => s, Seed, StringComparer.Ordinal);
        foreach (var index in FuzzSettings.Cases(CaseCount))
        {
            var seed = FuzzSettings.SeedFor(Suite, index);
            var (fuzzCase, signing) = Build(index, seed, seeds);
            await RunAsync(fuzzCase, signing, tally);
        }

        tally.AssertNoFailures(_output);
        await AssertStillAnswersAsync();
    }

    /// <summary>How a case is signed: the right secret now, or one of the ways a forger or a replayer gets it wrong.</summary>
    private enum Signing
    {
        Right,
        WrongSecret,
        Stale,
        Future,
        Garbled,
        Missing,
    }

    private static (FuzzCase Case, Signing Signing) Build(int index, int seed, Dictionary<string, JsonNode> seeds)
    {
        var random = new Random(seed);
        var name = JsonMutator.Pick(random, Seeds);
        var payload = Unique(seeds[name], index);
        var roll = random.Next(100);
        if (roll < 60)
        {
            var (strategy, body, invalid) = JsonMutator.Mutate(payload, random);
            return (new FuzzCase(index, seed, $"{strategy}({name})", body, invalid), Signing.Right);
        }

        if (roll < 75)
        {
            var (strategy, body) = SlackSpecific(payload, random);
            return (new FuzzCase(index, seed, $"{strategy}({name})", JsonMutator.Serialize(body), false), Signing.Right);
        }

        if (roll < 88)
        {
            var (strategy, body, invalid) = JsonMutator.Generate(random, MaxBodyBytes, "{\"type\":\"event_callback\",\"event\":");
            return (new FuzzCase(index, seed, strategy, body, invalid), Signing.Right);
        }

        if (roll < 93)
        {
            var contentType = JsonMutator.Pick(random, ContentTypes);
            return (new FuzzCase(index, seed, "content-type", JsonMutator.Serialize(payload.ToJsonString()), true, contentType), Signing.Right);
        }

        var signing = JsonMutator.Pick(random, (Signing[])[Signing.WrongSecret, Signing.Stale, Signing.Future, Signing.Garbled, Signing.Missing]);
        return (new FuzzCase(index, seed, "bad-signature-" + signing.ToString().ToLowerInvariant(), JsonMutator.Serialize(payload.ToJsonString()), true), signing);
    }

    /// <summary>A fresh ts per case, so that de-duplication never hides one.</summary>
    private static JsonNode Unique(JsonNode seed, int index)
    {
        var copy = seed.DeepClone();
        if (copy["event"] is JsonObject e && e["ts"] is not null)
        {
            e["ts"] = $"1766{index:D6}.{index % 1_000_000:D6}";
        }

        return copy;
    }

    /// <summary>Values that only make sense for Slack: mention syntax, escapes, subtypes, ids, channel types, thread ts.</summary>
    private static (string Strategy, string Body) SlackSpecific(JsonNode payload, Random random)
    {
        switch (random.Next(6))
        {
            case 0:
                return ("text-content", JsonMutator.SetRaw(payload, "event.text", JsonMutator.Pick(random, (string[])[
                    "\"\\ud800\"", "\"a\\udc00b\"", "\"\\u0000\\u0001\\u001f\"", $"\"<@{FakeSlack.BotUserId}>\"", $"\"<@{FakeSlack.BotUserId}|bot> <@{FakeSlack.BotUserId}\"",
                    "\"&amp;lt;&gt;&\"", "\"   \"", "\"\"", "\"" + new string('x', 40_001) + "\"", "\"<!channel> <!here|here>\"", "\"" + JsonMutator.RandomText(random) + "\""])));
            case 1:
                return ("subtype", JsonMutator.SetRaw(payload, "event.subtype", JsonMutator.Pick(random, (string[])[
                    "\"bot_message\"", "\"message_changed\"", "\"message_deleted\"", "\"thread_broadcast\"", "\"file_share\"", "\"\"", "null", "1", "{}"])));
            case 2:
                return ("ids", JsonMutator.SetRaw(payload, JsonMutator.Pick(random, (string[])["event.channel", "event.user", "team_id", "event.ts", "event.thread_ts"]),
                    JsonMutator.Pick(random, (string[])["\"\"", "\"c0lower\"", "\"C\"", "\"C0\\u0000X\"", "\"1.2.3\"", "\".5\"", "\"5.\"", "\"-1.0\"", "\"99999999999999999999.1\"", "null", "1", "[]", "{}", "\"" + new string('C', 40) + "\""])));
            case 3:
                return ("channel-type", JsonMutator.SetRaw(payload, "event.channel_type", JsonMutator.Pick(random, (string[])["\"im\"", "\"mpim\"", "\"channel\"", "\"group\"", "\"IM\"", "null", "1"])));
            case 4:
                return ("event-type", JsonMutator.SetRaw(payload, JsonMutator.Pick(random, (string[])["type", "event.type"]), JsonMutator.Pick(random, (string[])[
                    "\"event_callback\"", "\"url_verification\"", "\"app_mention\"", "\"message\"", "\"APP_MENTION\"", "\"\"", "null", "7", "[\"message\"]"])));
            default:
                return ("bot-identity", JsonMutator.SetRaw(payload, JsonMutator.Pick(random, (string[])["event.bot_id", "event.user"]),
                    JsonMutator.Pick(random, (string[])[$"\"{FakeSlack.BotId}\"", $"\"{FakeSlack.BotUserId}\"", "null", "\"B0OTHER001\""])));
        }
    }

    private async Task RunAsync(FuzzCase fuzzCase, Signing signing, FuzzTally tally)
    {
        var before = _hub.Bus.Inbound.Count;
        using var request = Request(fuzzCase, signing);
        using var response = await _hub.Http.SendAsync(request).DefaultTimeout();
        var status = (int)response.StatusCode;
        var answer = await response.Content.ReadAsStringAsync();
        var published = _hub.Bus.Inbound.Skip(before).ToList();
        var (verdict, document) = JsonShape.Check(fuzzCase.Body, SlackOracle.Envelope, SlackOracle.MaxDepth);
        using var _ = document;
        if (document is not null)
        {
            verdict = SlackOracle.Check(document.RootElement, verdict);
        }

        var expectedStatus = fuzzCase.Strategy switch
        {
            // A form body is an interaction (the interactivity URL may be this one): a JSON body sent as a form has no payload field.
            "content-type" when fuzzCase.ContentType.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) => 400,
            "content-type" => 415,
            "oversize" => 413,
            _ when signing != Signing.Right => 401,
            _ => (int?)null,
        };
        if (expectedStatus is not null)
        {
            verdict = Verdict.Invalid;
        }

        tally.Record(fuzzCase, status, published.Count, verdict);
        if (status == 200 && verdict != Verdict.Invalid && response.Content.Headers.ContentType?.MediaType == "text/plain")
        {
            answer = "{\"detail\":\"challenge\"}"; // url_verification answers its challenge as text
        }

        TelegramWebhookFuzzTests.Check(fuzzCase, tally, status, answer, verdict, expectedStatus);
        if (published.Count > 1)
        {
            tally.Fail(fuzzCase, $"{published.Count} messages published for one request");
        }

        foreach (var message in published)
        {
            var why = FuzzTally.Garbage(message, 4000)
                ?? (document is null ? "published from a body that is not JSON" : SlackOracle.WhyNotPublishable(document.RootElement, message));
            if (why is not null)
            {
                tally.Fail(fuzzCase, why);
            }
        }
    }

    private HttpRequestMessage Request(FuzzCase fuzzCase, Signing signing)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _hub.WebhookUrl) { Content = new ByteArrayContent(fuzzCase.Body) };
        if (fuzzCase.ContentType.Length > 0)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", fuzzCase.ContentType);
        }

        var now = DateTimeOffset.UtcNow;
        var time = signing switch { Signing.Stale => now.AddMinutes(-10), Signing.Future => now.AddMinutes(10), _ => now };
        var timestamp = time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = SlackPayloads.Sign(signing == Signing.WrongSecret ? "0123456789abcdef0123456789abcdef" : FakeSlack.SigningSecret, timestamp, fuzzCase.Body);
        if (signing == Signing.Garbled)
        {
            signature = signature[..^2] + (signature.EndsWith("00", StringComparison.Ordinal) ? "01" : "00");
        }

        if (signing != Signing.Missing)
        {
            request.Headers.TryAddWithoutValidation("X-Slack-Request-Timestamp", timestamp);
            request.Headers.TryAddWithoutValidation("X-Slack-Signature", signature);
        }

        return request;
    }

    private async Task AssertStillAnswersAsync()
    {
        const string channel = "D0FUZZDONE";
        var response = await _hub.PostEventAsync(SlackPayloads.DirectMessage(channel, SlackPayloads.NextTs(), "What is ChatHub?", user: "U0FUZZDONE"));
        var replies = await _hub.Fake.WaitForCallsAsync("chat.postMessage", channel).DefaultTimeout();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(replies);
    }
}
