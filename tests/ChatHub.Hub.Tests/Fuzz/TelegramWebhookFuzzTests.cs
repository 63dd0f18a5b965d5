using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatHub.Hub.Tests.Telegram;
using Xunit.Abstractions;

namespace ChatHub.Hub.Tests.Fuzz;

/// <summary>
/// Hostile bodies against <c>POST /webhooks/telegram</c> on a real hub (valid secret unless the case is about the
/// secret). Per case: never 5xx; 401 for a wrong secret, 415 for a non-JSON content type, 413 over the cap; the
/// oracle's Invalid → 4xx with a reason and nothing on chat.inbound; Valid → 200; anything published must be
/// publishable from that update (right chat, right priority) and clean. Afterwards the hub still answers.
/// </summary>
public sealed class TelegramWebhookFuzzTests : IAsyncLifetime
{
    private const int CaseCount = 1500;
    private const int MaxBodyBytes = 1024 * 1024;
    private const string Suite = "telegram-webhook";

    private static readonly string[] Seeds =
    [
        "private_text", "private_emoji_cyrillic", "private_photo_caption", "private_sticker", "edited_message", "group_command_bot",
        "group_command_other_bot", "supergroup_mention_emoji", "supergroup_text_mention", "supergroup_reply_to_bot", "supergroup_unaddressed",
        "forum_topic", "channel_post", "edited_channel_post", "callback_query", "callback_query_inline", "my_chat_member",
    ];

    private static readonly string[] ContentTypes =
        ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "application/jsonp", "text/json2", ""];

    private readonly ITestOutputHelper _output;
    private TelegramHub _hub = null!;

    public TelegramWebhookFuzzTests(ITestOutputHelper output) => _output = output;

    /// <summary>A hub of its own, logging errors only: thousands of rejections at Warning would bury a CI log.</summary>
    public async Task InitializeAsync() => _hub = await TelegramHub.StartAsync(configure: b => b.Logging.SetMinimumLevel(LogLevel.Error));

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Webhook_FuzzedBodies_Never5xx_InvalidRejectedWithReason_NothingGarbagePublished()
    {
        var tally = new FuzzTally(Suite, nameof(TelegramWebhookFuzzTests));
        var seeds = Seeds.ToDictionary(s => s, s => JsonNode.Parse(TelegramUpdates.Payload(s))!, StringComparer.Ordinal);
        foreach (var index in FuzzSettings.Cases(CaseCount))
        {
            var seed = FuzzSettings.SeedFor(Suite, index);
            var (fuzzCase, secret) = Build(index, seed, seeds);
            await RunAsync(fuzzCase, secret, tally);
        }

        tally.AssertNoFailures(_output);
        await AssertStillAnswersAsync();
    }

    private static (FuzzCase Case, string Secret) Build(int index, int seed, Dictionary<string, JsonNode> seeds)
    {
        var random = new Random(seed);
        var name = JsonMutator.Pick(random, Seeds);
        var payload = Unique(seeds[name], index);
        var roll = random.Next(100);
        if (roll < 60)
        {
            var (strategy, body, invalid) = JsonMutator.Mutate(payload, random);
            return (new FuzzCase(index, seed, $"{strategy}({name})", body, invalid), TelegramHub.Secret);
        }

        if (roll < 75)
        {
            var (strategy, body) = TelegramSpecific(payload, random);
            return (new FuzzCase(index, seed, $"{strategy}({name})", JsonMutator.Serialize(body), false), TelegramHub.Secret);
        }

        if (roll < 90)
        {
            var (strategy, body, invalid) = JsonMutator.Generate(random, MaxBodyBytes, "{\"update_id\":" + (1_000_000 + index).ToString(CultureInfo.InvariantCulture) + ",\"message\":");
            return (new FuzzCase(index, seed, strategy, body, invalid), TelegramHub.Secret);
        }

        if (roll < 95)
        {
            var contentType = JsonMutator.Pick(random, ContentTypes);
            return (new FuzzCase(index, seed, "content-type", JsonMutator.Serialize(payload.ToJsonString()), true, contentType), TelegramHub.Secret);
        }

        var secret = JsonMutator.Pick(random, (string[])[
            "", " ", TelegramHub.Secret + "x", TelegramHub.Secret[..^1], TelegramHub.Secret.ToUpperInvariant(), new string('a', 4096),
            "hub-test-secret_2", "Bearer " + TelegramHub.Secret]);
        return (new FuzzCase(index, seed, "wrong-secret", JsonMutator.Serialize(payload.ToJsonString()), true), secret);
    }

    /// <summary>Fresh update_id, message_id and callback id, so that de-duplication never hides a case.</summary>
    private static JsonNode Unique(JsonNode seed, int index)
    {
        var copy = seed.DeepClone();
        copy["update_id"] = 900_000_000L + index;
        foreach (var field in (string[])["message", "edited_message", "channel_post", "edited_channel_post"])
        {
            if (copy[field] is JsonObject message)
            {
                message["message_id"] = 500_000L + index;
            }
        }

        if (copy["callback_query"] is JsonObject query)
        {
            query["id"] = "fz" + index.ToString(CultureInfo.InvariantCulture);
        }

        return copy;
    }

    /// <summary>Values that only make sense for Telegram: entity ranges, text content, chat types, update kinds.</summary>
    private static (string Strategy, string Body) TelegramSpecific(JsonNode payload, Random random)
    {
        var field = ((JsonObject)payload).Select(p => p.Key).FirstOrDefault(k => k is "message" or "edited_message" or "channel_post" or "edited_channel_post") ?? "message";
        var message = payload[field] as JsonObject;
        var text = message?["text"]?.GetValue<string>() ?? message?["caption"]?.GetValue<string>() ?? "";
        var textField = message?["text"] is not null ? "text" : "caption";
        var entitiesField = textField == "text" ? "entities" : "caption_entities";
        switch (random.Next(6))
        {
            case 0:
            {
                // Entity ranges out of bounds, overflowing, or splitting a surrogate pair.
                var surrogate = text.Select((c, i) => (c, i)).FirstOrDefault(p => char.IsHighSurrogate(p.c)).i;
                var (offset, length) = JsonMutator.Pick(random, (List<(long, long)>)[
                    (-1, 3), (0, -1), (0, 0), (text.Length, 1), (text.Length + 1, 1), (0, text.Length + 1), (1, int.MaxValue),
                    (int.MaxValue, int.MaxValue), (surrogate + 1, 1), (surrogate, 1), (0, 2_147_483_648L), (-2_147_483_649L, 1)]);
                var entity = new JsonObject { ["type"] = JsonMutator.Pick(random, (string[])["bot_command", "mention", "text_mention", "bold"]), ["offset"] = offset, ["length"] = length };
                if (random.Next(2) == 0)
                {
                    entity["user"] = new JsonObject { ["id"] = 1, ["is_bot"] = true, ["first_name"] = "x" };
                }

                var entities = message?[entitiesField] as JsonArray ?? [];
                var all = new JsonArray([.. entities.Select(e => e?.DeepClone()), entity]);
                return ("entity-range", JsonMutator.SetRaw(payload, $"{field}.{entitiesField}", all.ToJsonString()));
            }

            case 1:
                // Text a parser or sanitizer must survive (escapes as sent on the wire).
                return ("text-content", JsonMutator.SetRaw(payload, $"{field}.{textField}", JsonMutator.Pick(random, (string[])[
                    "\"\\ud800\"", "\"a\\udc00b\"", "\"\\u0000\\u0001\\u001f\"", "\"\\u202e/start\"", "\"   \"", "\"\\r\\n\\r\\n\"", "\"\"",
                    "\"" + new string('x', 4001) + "\"", "\"" + string.Concat(Enumerable.Repeat("\\ud83d\\ude00", 2100)) + "\"",
                    "\"" + JsonMutator.RandomText(random) + "\"", "\"/start@ChatHubTestBot\\u0000\""])));
            case 2:
                // Chat types and ids at their edges (the priority lane reads the type).
                return random.Next(2) == 0
                    ? ("chat-type", JsonMutator.SetRaw(payload, $"{field}.chat.type", JsonMutator.Pick(random, (string[])["\"private\"", "\"group\"", "\"supergroup\"", "\"channel\"", "\"PRIVATE\"", "\"\"", "\"sender\"", "null", "1"])))
                    : ("chat-id", JsonMutator.SetRaw(payload, $"{field}.chat.id", JsonMutator.Pick(random, (string[])["-1009223372036854775808", "9223372036854775807", "-9223372036854775808", "0", "1.5", "\"123\"", "null", "4503599627370497"])));
            case 3:
            {
                // An unknown (or future) update kind next to, or instead of, the known one.
                var kind = JsonMutator.Pick(random, (string[])["message_reaction", "business_message", "poll", "chat_boost", "purchased_paid_media", "Message", "message "]);
                var copy = (JsonObject)payload.DeepClone();
                if (copy[field] is { } body && random.Next(2) == 0)
                {
                    copy.Remove(field);
                    copy[kind] = body;
                }
                else
                {
                    copy[kind] = new JsonObject { ["anything"] = new JsonArray(1, "two", null) };
                }

                return ("unknown-kind", copy.ToJsonString());
            }

            case 4:
                // A required member missing or null (update_id, chat, chat.type, callback id/from).
                return ("required-missing", JsonMutator.SetRaw(payload, JsonMutator.Pick(random, (string[])[
                    "update_id", $"{field}.chat", $"{field}.chat.type", "callback_query.id", "callback_query.from", $"{field}.from.first_name", $"{field}.message_id"]),
                    random.Next(2) == 0 ? null : "null"));
            default:
                // A list with nulls or the wrong element kinds where the mapper iterates.
                return ("list-elements", JsonMutator.SetRaw(payload, $"{field}.{entitiesField}", JsonMutator.Pick(random, (string[])[
                    "[null]", "[null,{\"type\":\"mention\",\"offset\":0,\"length\":1}]", "[1]", "[[]]", "[{}]", "[{\"type\":null,\"offset\":0,\"length\":1}]", "{}", "\"\""])));
        }
    }

    private async Task RunAsync(FuzzCase fuzzCase, string secret, FuzzTally tally)
    {
        var before = _hub.Bus.Inbound.Count;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/webhooks/telegram", UriKind.Relative));
        request.Content = new ByteArrayContent(fuzzCase.Body);
        if (fuzzCase.ContentType.Length > 0)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", fuzzCase.ContentType);
        }

        request.Headers.TryAddWithoutValidation("X-Telegram-Bot-Api-Secret-Token", secret);
        using var response = await _hub.Http.SendAsync(request).DefaultTimeout();
        var status = (int)response.StatusCode;
        var answer = await response.Content.ReadAsStringAsync();
        var published = _hub.Bus.Inbound.Skip(before).ToList();
        var (verdict, document) = JsonShape.Check(fuzzCase.Body, TelegramOracle.Update, TelegramOracle.MaxDepth);
        using var _ = document;
        var expectedStatus = fuzzCase.Strategy switch
        {
            "wrong-secret" => 401,
            "content-type" => 415,
            "oversize" => 413,
            _ => (int?)null,
        };
        if (expectedStatus is not null || fuzzCase.Strategy is "wrong-secret" or "content-type")
        {
            verdict = Verdict.Invalid;
        }

        tally.Record(fuzzCase, status, published.Count, verdict);
        Check(fuzzCase, tally, status, answer, verdict, expectedStatus);
        if (published.Count > 1)
        {
            tally.Fail(fuzzCase, $"{published.Count} messages published for one update");
        }

        foreach (var message in published)
        {
            var why = TelegramTally(message, document);
            if (why is not null)
            {
                tally.Fail(fuzzCase, why);
            }
        }
    }

    private static string? TelegramTally(Conversation.Messages.InboundMessage message, JsonDocument? document) =>
        FuzzTally.Garbage(message, 4000)
        ?? (document is null ? "published from a body that is not JSON" : TelegramOracle.WhyNotPublishable(document.RootElement, message));

    /// <summary>The answer rules every adapter's HTTP surface shares.</summary>
    internal static void Check(FuzzCase fuzzCase, FuzzTally tally, int status, string answer, Verdict verdict, int? expectedStatus)
    {
        if (status >= 500)
        {
            tally.Fail(fuzzCase, $"answered {status}: {answer}");
            return;
        }

        if (expectedStatus is { } expected && status != expected)
        {
            tally.Fail(fuzzCase, $"answered {status}, expected {expected}: {answer}");
        }
        else if (verdict == Verdict.Invalid && status is < 400 or >= 500)
        {
            tally.Fail(fuzzCase, $"invalid input answered {status}");
        }
        else if (verdict == Verdict.Valid && status is < 200 or >= 300)
        {
            tally.Fail(fuzzCase, $"valid input answered {status}: {answer}");
        }

        if (status is >= 400 and < 500 && !HasReason(answer))
        {
            tally.Fail(fuzzCase, $"answered {status} without a reason (problem detail): '{answer}'");
        }
    }

    private static bool HasReason(string answer)
    {
        try
        {
            using var problem = JsonDocument.Parse(answer);
            return problem.RootElement.ValueKind == JsonValueKind.Object
                && problem.RootElement.TryGetProperty("detail", out var detail)
                && detail.ValueKind == JsonValueKind.String && detail.GetString()!.Length > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private async Task AssertStillAnswersAsync()
    {
        const long chat = 7_199_000_001;
        var response = await _hub.PostUpdateAsync(TelegramUpdates.Private(chat, 42, "What is ChatHub?"));
        var replies = await _hub.Fake.WaitForCallsAsync("sendMessage", chat, where: c => c.Succeeded).DefaultTimeout();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(replies);
    }
}
