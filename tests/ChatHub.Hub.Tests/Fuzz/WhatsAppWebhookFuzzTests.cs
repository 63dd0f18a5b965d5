using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatHub.Hub.Tests.WhatsApp;
using ChatHub.Testing.WhatsApp;
using Xunit.Abstractions;

namespace ChatHub.Hub.Tests.Fuzz;

/// <summary>
/// Hostile bodies against <c>POST /webhooks/whatsapp</c> on a real hub, each correctly signed with the app secret
/// (the signature is checked on the raw bytes, so a mutated body is signed as mutated) unless the case is about the
/// signature. Per case: never 5xx; 401 for a missing, malformed or wrong signature; 415 for another content type; 413
/// over the cap; known-invalid bodies (truncated, invalid UTF-8, too deep, not an object) 4xx with a reason and nothing
/// published; every 4xx has a reason; anything published is clean and is a message of that body (its id, its sender,
/// this phone number). Afterwards the hub still answers.
/// </summary>
public sealed class WhatsAppWebhookFuzzTests : IAsyncLifetime
{
    private const int CaseCount = 1000;
    private const int MaxBodyBytes = 256 * 1024;
    private const string Suite = "whatsapp-webhook";

    private static readonly string[] ContentTypes =
        ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "text/json2"];

    private readonly ITestOutputHelper _output;
    private WhatsAppHub _hub = null!;

    public WhatsAppWebhookFuzzTests(ITestOutputHelper output) => _output = output;

    /// <summary>A hub of its own, logging errors only: thousands of rejections at Warning would bury a CI log.</summary>
    public async Task InitializeAsync() => _hub = await WhatsAppHub.StartAsync(configure: b => b.Logging.SetMinimumLevel(LogLevel.Error));

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Webhook_FuzzedBodies_Never5xx_InvalidRejectedWithReason_NothingGarbagePublished()
    {
        var tally = new FuzzTally(Suite, nameof(WhatsAppWebhookFuzzTests));
        foreach (var index in FuzzSettings.Cases(CaseCount))
        {
            var seed = FuzzSettings.SeedFor(Suite, index);
            var (fuzzCase, signature) = Build(index, seed);
            await RunAsync(fuzzCase, signature, tally);
        }

        tally.AssertNoFailures(_output);
        var person = WhatsAppHub.NextWaId();
        using var response = await _hub.SendTextAsync(person, WhatsAppHub.NextMessageId(), "What is ChatHub?");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(await _hub.Api.WaitForDeliveredAsync(person).DefaultTimeout());
    }

    /// <summary>The seeds: every documented notification kind, with fresh ids per case so de-duplication never hides one.</summary>
    private static JsonNode Seed(Random random, int index)
    {
        var id = "wamid.fz" + index.ToString(CultureInfo.InvariantCulture);
        var person = (4_917_000_000_000L + index).ToString(CultureInfo.InvariantCulture);
        var json = random.Next(6) switch
        {
            0 or 1 => WhatsAppNotifications.Text(WhatsAppHub.PhoneNumberId, person, id, JsonMutator.RandomText(random) is { Length: > 0 } t ? t : "hello"),
            2 => WhatsAppNotifications.Text(WhatsAppHub.PhoneNumberId, person, id, "/help", contextId: "wamid.quoted"),
            3 => WhatsAppNotifications.Image(WhatsAppHub.PhoneNumberId, person, id),
            4 => WhatsAppNotifications.Status(WhatsAppHub.PhoneNumberId, id, JsonMutator.Pick(random, (string[])["sent", "delivered", "read", "failed"]), person,
                random.Next(2) == 0 ? 131026 : null),
            _ => WhatsAppNotifications.Errors(WhatsAppHub.PhoneNumberId, 131051, "Unsupported message type"),
        };
        return JsonNode.Parse(json)!;
    }

    private static (FuzzCase Case, string? Signature) Build(int index, int seed)
    {
        var random = new Random(seed);
        var payload = Seed(random, index);
        var roll = random.Next(100);
        FuzzCase fuzzCase;
        if (roll < 60)
        {
            var (strategy, body, invalid) = JsonMutator.Mutate(payload, random);
            fuzzCase = new FuzzCase(index, seed, strategy, body, invalid);
        }
        else if (roll < 75)
        {
            var (strategy, body) = WhatsAppSpecific(payload, random);
            fuzzCase = new FuzzCase(index, seed, strategy, JsonMutator.Serialize(body), false);
        }
        else if (roll < 88)
        {
            var (strategy, body, invalid) = JsonMutator.Generate(random, MaxBodyBytes, "{\"object\":\"whatsapp_business_account\",\"entry\":");
            fuzzCase = new FuzzCase(index, seed, strategy, body, invalid);
        }
        else if (roll < 93)
        {
            return (new FuzzCase(index, seed, "content-type", JsonMutator.Serialize(payload.ToJsonString()), true, JsonMutator.Pick(random, ContentTypes)), "");
        }
        else
        {
            var body = JsonMutator.Serialize(payload.ToJsonString());
            var right = WhatsAppNotifications.Sign(body, WhatsAppHub.AppSecret);
            var signature = JsonMutator.Pick(random, (string?[])[
                null, "", " ", "sha256=", right.ToUpperInvariant(), right[..^1], right + "0", right.Replace("sha256=", "sha1=", StringComparison.Ordinal),
                WhatsAppNotifications.Sign(body, WhatsAppHub.AppSecret + "x"), WhatsAppNotifications.Sign(body, ""), "sha256=" + new string('0', 64),
                right + ", " + right, new string('a', 8192)]);
            return (new FuzzCase(index, seed, "wrong-signature", body, true), signature);
        }

        return (fuzzCase, "");
    }

    /// <summary>Values that only make sense for WhatsApp: ids, phone numbers, timestamps, types and texts.</summary>
    private static (string Strategy, string Body) WhatsAppSpecific(JsonNode payload, Random random)
    {
        const string value = "entry.0.changes.0.value";
        return random.Next(6) switch
        {
            0 => ("phone-number-id", SetRaw(payload, value + ".metadata.phone_number_id", JsonMutator.Pick(random, (string[])[
                "\"\"", "null", "106540352242922", "\"106540352242922 \"", "\"999\"", "[]", "\"\\u0000\""]))),
            1 => ("timestamp", SetRaw(payload, value + ".messages.0.timestamp", JsonMutator.Pick(random, (string[])[
                "\"0\"", "\"-1\"", "\"99999999999999999999\"", "\"9223372036854775807\"", "\"1.5\"", "1700000000", "\"\"", "null", "\"253402300800\""]))),
            2 => ("message-type", SetRaw(payload, value + ".messages.0.type", JsonMutator.Pick(random, (string[])[
                "\"text\"", "\"button\"", "\"interactive\"", "\"reaction\"", "\"unsupported\"", "\"TEXT\"", "\"\"", "null", "7"]))),
            3 => ("text-content", SetRaw(payload, value + ".messages.0.text.body", JsonMutator.Pick(random, (string[])[
                "\"\\ud800\"", "\"a\\udc00b\"", "\"\\u0000\\u0001\\u001f\"", "\"\\u202e/start\"", "\"   \"", "\"\"", "null", "{}",
                "\"" + new string('x', 4097) + "\"", "\"" + string.Concat(Enumerable.Repeat("\\ud83d\\ude00", 2100)) + "\""]))),
            4 => ("from", SetRaw(payload, value + ".messages.0.from", JsonMutator.Pick(random, (string[])[
                "\"\"", "null", "491510000", "\"../../x\"", "\"a b\"", "\"\\n\"", "\"" + new string('9', 4000) + "\""]))),
            _ => ("envelope", SetRaw(payload, JsonMutator.Pick(random, (string[])["object", "entry", "entry.0.changes", "entry.0.changes.0.field", value, value + ".messages", value + ".statuses.0.errors"]),
                JsonMutator.Pick(random, (string?[])[null, "null", "{}", "[]", "[null]", "\"x\"", "1"]))),
        };
    }

    /// <summary>Sets the value at <paramref name="path"/> (dot-separated keys, array indexes as numbers) to a raw JSON token, or removes it when null.</summary>
    private static string SetRaw(JsonNode seed, string path, string? raw)
    {
        const string placeholder = "__whatsapp_fuzz_placeholder__";
        var copy = seed.DeepClone();
        var parts = path.Split('.');
        JsonNode? parent = copy;
        foreach (var part in parts[..^1])
        {
            parent = parent switch
            {
                JsonObject o => o[part],
                JsonArray a when int.TryParse(part, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }

        switch (parent)
        {
            case JsonObject target when raw is null:
                target.Remove(parts[^1]);
                break;
            case JsonObject target:
                target[parts[^1]] = placeholder;
                break;
            case JsonArray array when int.TryParse(parts[^1], CultureInfo.InvariantCulture, out var i) && i < array.Count && raw is not null:
                array[i] = placeholder;
                break;
        }

        return copy.ToJsonString().Replace("\"" + placeholder + "\"", raw, StringComparison.Ordinal);
    }

    private async Task RunAsync(FuzzCase fuzzCase, string? signature, FuzzTally tally)
    {
        var before = _hub.Bus.Inbound.Count;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/webhooks/whatsapp", UriKind.Relative));
        request.Content = new ByteArrayContent(fuzzCase.Body);
        request.Content.Headers.TryAddWithoutValidation("Content-Type", fuzzCase.ContentType);
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", signature.Length == 0 && fuzzCase.Strategy != "wrong-signature"
                ? WhatsAppNotifications.Sign(fuzzCase.Body, WhatsAppHub.AppSecret)
                : signature);
        }

        using var response = await _hub.Http.SendAsync(request).DefaultTimeout();
        var status = (int)response.StatusCode;
        var answer = await response.Content.ReadAsStringAsync();
        var published = _hub.Bus.Inbound.Skip(before).ToList();
        var expectedStatus = fuzzCase.Strategy switch
        {
            "wrong-signature" => 401,
            "content-type" => 415,
            "oversize" => 413,
            _ => (int?)null,
        };
        var verdict = fuzzCase.KnownInvalid ? Verdict.Invalid : Verdict.Unknown;
        tally.Record(fuzzCase, status, published.Count, verdict);
        TelegramWebhookFuzzTests.Check(fuzzCase, tally, status, answer, verdict, expectedStatus);
        foreach (var message in published)
        {
            if ((FuzzTally.Garbage(message, 4096) ?? WhyNotFromBody(fuzzCase.Body, message)) is { } why)
            {
                tally.Fail(fuzzCase, why);
            }
        }
    }

    /// <summary>Null when <paramref name="message"/> is a text message of the body (id, sender, this phone number); else why not.</summary>
    private static string? WhyNotFromBody(byte[] body, Conversation.Messages.InboundMessage message)
    {
        if (message.Conversation.Channel != "whatsapp" || message.Conversation.BotId != WhatsAppHub.PhoneNumberId || message.From.UserId != message.Conversation.ChatId)
        {
            return $"published to the wrong conversation {message.Conversation.Key}";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var found = document.RootElement.GetProperty("entry").EnumerateArray()
                .SelectMany(e => e.GetProperty("changes").EnumerateArray())
                .Where(c => c.GetProperty("value").GetProperty("metadata").GetProperty("phone_number_id").GetString() == WhatsAppHub.PhoneNumberId)
                .SelectMany(c => c.GetProperty("value").GetProperty("messages").EnumerateArray())
                .Any(m => m.GetProperty("id").GetString() == message.PlatformMessageId && m.GetProperty("from").GetString() == message.Conversation.ChatId);
            return found ? null : "published a message the body does not hold";
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return "published from a body that is not a WhatsApp notification";
        }
    }
}
