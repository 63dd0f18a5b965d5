using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatHub.Adapters.Discord;
using ChatHub.Adapters.Discord.Gateway;
using ChatHub.Adapters.Discord.Ingress;
using ChatHub.Conversation.Messages;
using ChatHub.Hub.Tests.Discord;
using Xunit.Abstractions;
using ChatHub.Testing.Discord;

namespace ChatHub.Hub.Tests.Fuzz;

/// <summary>
/// Hostile gateway dispatches, fed directly to the code the gateway's receive loop runs on every frame
/// (<see cref="GatewayFrames.TryParse"/>, <see cref="GatewayFrames.TryReadMessageCreate"/>) and then to
/// <see cref="DiscordMessageMapper"/>: thousands of frames through the fake gateway would cost a WebSocket round
/// trip and a sentinel each, and the gateway adds nothing between the two. Per case: no exception escapes (one would
/// end the receive loop, i.e. drop the connection, or burn the dispatch loop's retries); the oracle's Invalid is
/// refused as a malformed frame; what the mapper would publish must be publishable from that message.
/// </summary>
public sealed class DiscordDispatchFuzzTests
{
    public const int CaseCount = 2000;
    private const string Suite = "discord-dispatch";

    private readonly ITestOutputHelper _output;

    public DiscordDispatchFuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Dispatch_FuzzedMessageCreate_NoExceptionEscapes_InvalidRefused_NothingGarbagePublished()
    {
        var tally = new FuzzTally(Suite, nameof(DiscordDispatchFuzzTests));
        var mapper = new DiscordMessageMapper(new DiscordBotIdentity(FakeDiscord.BotUserId, FakeDiscord.BotUsername), DiscordGuildMode.Mentioned);
        foreach (var index in FuzzSettings.Cases(CaseCount))
        {
            var fuzzCase = Build(index);
            Run(fuzzCase, mapper, tally);
        }

        tally.AssertNoFailures(_output);
    }

    /// <summary>A whole gateway frame: <c>{"op":0,"s":n,"t":"MESSAGE_CREATE","d":…}</c> with a mutated or generated <c>d</c>, or a mutated envelope.</summary>
    public static FuzzCase Build(int index)
    {
        var seed = FuzzSettings.SeedFor(Suite, index);
        var random = new Random(seed);
        var id = (900_000_000_000_000_000L + index).ToString(CultureInfo.InvariantCulture);
        var channel = "7" + index.ToString(CultureInfo.InvariantCulture);
        var (name, d) = random.Next(4) switch
        {
            0 => ("dm", DiscordPayloads.Dm(id, channel, "What is ChatHub?")),
            1 => ("guild-mention", DiscordPayloads.Guild(id, channel, "What is ChatHub?")),
            2 => ("guild-unaddressed", DiscordPayloads.Guild(id, channel, "just chatting", mentionBot: false)),
            _ => ("guild-reply", Reply(DiscordPayloads.Guild(id, channel, "and then?", mentionBot: false))),
        };
        var roll = random.Next(100);
        string strategy;
        byte[] data;
        if (roll < 70)
        {
            (strategy, data, _) = JsonMutator.Mutate(d, random);
        }
        else if (roll < 85)
        {
            (strategy, var text) = DiscordSpecific(d, random);
            data = Encoding.UTF8.GetBytes(text);
        }
        else if (roll < 95)
        {
            (strategy, data, _) = JsonMutator.Generate(random, 64 * 1024, "{\"id\":\"1\",\"channel_id\":\"2\",\"mentions\":");
        }
        else
        {
            // The envelope itself: ops the hub must not act on when malformed, sequence numbers, event names.
            var envelope = JsonMutator.Pick(random, (string[])[
                "{\"op\":\"0\",\"t\":\"MESSAGE_CREATE\",\"d\":{}}", "{\"op\":null,\"d\":{}}", "{\"op\":0,\"s\":-1,\"t\":\"MESSAGE_CREATE\",\"d\":null}",
                "{\"op\":0,\"s\":9223372036854775808,\"t\":\"MESSAGE_CREATE\",\"d\":{}}", "{\"op\":0,\"t\":null,\"d\":{}}", "{\"op\":0,\"t\":\"message_create\",\"d\":{}}",
                "{\"op\":0,\"t\":\"MESSAGE_CREATE\",\"d\":[]}", "{\"op\":0,\"t\":\"MESSAGE_CREATE\"}", "{\"op\":0,\"t\":1,\"d\":{}}", "[0]", "{\"op\":2147483648}"]);
            return new FuzzCase(index, seed, "envelope", Encoding.UTF8.GetBytes(envelope), false);
        }

        byte[] frame = [.. "{\"op\":0,\"s\":1,\"t\":\"MESSAGE_CREATE\",\"d\":"u8, .. data, (byte)'}'];
        return new FuzzCase(index, seed, $"{strategy}({name})", frame, false);
    }

    private static JsonObject Reply(JsonObject message)
    {
        message["type"] = 19;
        message["message_reference"] = new JsonObject { ["message_id"] = "555", ["channel_id"] = message["channel_id"]!.GetValue<string>() };
        message["referenced_message"] = DiscordPayloads.Dm("555", message["channel_id"]!.GetValue<string>(), "an answer", authorId: FakeDiscord.BotUserId, bot: true);
        return message;
    }

    private static (string Strategy, string Body) DiscordSpecific(JsonObject d, Random random) => random.Next(4) switch
    {
        0 => ("mentions", JsonMutator.SetRaw(d, "mentions", JsonMutator.Pick(random, (string[])[
            "[null]", $"[null,{{\"id\":\"{FakeDiscord.BotUserId}\"}}]", "[{}]", "[{\"id\":null}]", "[1]", "{}", $"[{{\"id\":{FakeDiscord.BotUserId}}}]"]))),
        1 => ("content", JsonMutator.SetRaw(d, "content", JsonMutator.Pick(random, (string[])[
            "\"\\ud800\"", $"\"<@{FakeDiscord.BotUserId}>\"", $"\"<@!{FakeDiscord.BotUserId}> <@{FakeDiscord.BotUserId}>\"", "\"\\u0000\\u0007\"",
            "\"" + new string('z', 4001) + "\"", "\"" + JsonMutator.RandomText(random) + "\"", $"\"<@{FakeDiscord.BotUserId}\""]))),
        2 => ("ids", JsonMutator.SetRaw(d, JsonMutator.Pick(random, (string[])["id", "channel_id", "author.id", "guild_id"]), JsonMutator.Pick(random, (string?[])[
            null, "null", "\"\"", "123", "\"18446744073709551616\"", "\"-1\"", "{}", $"\"{FakeDiscord.BotUserId}\""]))),
        _ => ("referenced", JsonMutator.SetRaw(d, "referenced_message", JsonMutator.Pick(random, (string[])[
            "null", "{}", "{\"author\":null}", $"{{\"id\":\"1\",\"channel_id\":\"2\",\"author\":{{\"id\":\"{FakeDiscord.BotUserId}\"}}}}", "[]", "1"]))),
    };

    private static void Run(FuzzCase fuzzCase, DiscordMessageMapper mapper, FuzzTally tally)
    {
        var (verdict, document) = JsonShape.Check(fuzzCase.Body, new ObjectShape().Member("d", DiscordOracle.Message, required: true, nullable: false), DiscordOracle.MaxDepth);
        using var owned = document;
        var isMessageCreate = document is not null && document.RootElement.ValueKind == JsonValueKind.Object
            && JsonShape.TryGetLast(document.RootElement, "op", false, out var op) && op.ValueKind == JsonValueKind.Number && op.TryGetInt32(out var o) && o == 0
            && JsonShape.TryGetLast(document.RootElement, "t", false, out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "MESSAGE_CREATE";
        int status;
        InboundMessage? published = null;
        try
        {
            if (!GatewayFrames.TryParse(fuzzCase.Body, out var frame, out _))
            {
                status = 400; // logged and skipped by the receive loop
            }
            else if (frame.Op != 0 || frame.T != "MESSAGE_CREATE")
            {
                status = 204; // another op or event: not the hub's business
            }
            else if (!GatewayFrames.TryReadMessageCreate(frame.D, out var message))
            {
                status = 400;
            }
            else
            {
                var mapped = mapper.Map(message, DateTimeOffset.UnixEpoch);
                status = 200;
                if (mapped.Message is { } inbound)
                {
                    // What InboundPublisher then does: clean the text, refuse empty or too long.
                    var clean = TextSanitizer.Clean(inbound.Text);
                    published = string.IsNullOrWhiteSpace(clean) || clean.Length > 4000 ? null : inbound with { Text = clean };
                }
            }
        }
        catch (Exception ex)
        {
            tally.Record(fuzzCase, 500, 0, verdict);
            tally.Fail(fuzzCase, $"{ex.GetType().Name} escaped the gateway's parse and map path: {ex.Message}");
            return;
        }

        if (!isMessageCreate)
        {
            verdict = Verdict.Unknown; // not a MESSAGE_CREATE at all (a mutated envelope): only "no exception" is asked
        }

        tally.Record(fuzzCase, status, published is null ? 0 : 1, verdict);
        if (verdict == Verdict.Invalid && status == 200)
        {
            tally.Fail(fuzzCase, "a malformed MESSAGE_CREATE was read as a message");
        }
        else if (verdict == Verdict.Valid && status != 200)
        {
            tally.Fail(fuzzCase, "a well-formed MESSAGE_CREATE was refused");
        }

        if (published is not null)
        {
            var d = document!.RootElement.EnumerateObject().Last(p => p.Name == "d").Value;
            var why = FuzzTally.Garbage(published, 4000) ?? DiscordOracle.WhyNotPublishable(d, published, FakeDiscord.BotUserId);
            if (why is not null)
            {
                tally.Fail(fuzzCase, why);
            }
        }
    }
}
