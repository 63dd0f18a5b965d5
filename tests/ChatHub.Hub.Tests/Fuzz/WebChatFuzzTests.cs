using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatHub.Conversation.Messages;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Hub.Tests.Telegram.Fakes;
using Xunit.Abstractions;
using ChatHub.Testing.SignalR;

namespace ChatHub.Hub.Tests.Fuzz;

/// <summary>
/// Hostile input on the web chat's SignalR hub (JSON protocol over a WebSocket, real Kestrel).
/// <list type="bullet">
/// <item>Arguments: <c>Send</c>/<c>Join</c> invocations with mutated argument lists on one long-lived connection. A
/// binding failure (wrong types or count) is an error completion; a bad clientMessageId or empty/too-long text is
/// <c>accepted: false</c> with a reason; both are the web chat's "4xx", publish nothing, and keep the connection.</item>
/// <item>Frames: mutated or generated frames (bad JSON, invalid UTF-8, no record separator, unknown message types)
/// each on a fresh connection, followed by a sentinel invocation: the server either answers it or closes that one
/// connection (the SignalR protocol's answer to a malformed frame). Never more.</item>
/// </list>
/// Afterwards the long-lived connection and a fresh one still get answers.
/// </summary>
public sealed class WebChatFuzzTests : IAsyncLifetime
{
    private const int ArgumentCases = 1200;
    private const int FrameCases = 300;
    private const int FrameCasesFirst = 100_000;
    private const int MaxLength = 4000;
    private const string Suite = "webchat-signalr";

    private readonly ITestOutputHelper _output;
    private HubServer _server = null!;

    public WebChatFuzzTests(ITestOutputHelper output) => _output = output;

    private RecordingMessageBus Bus => _server.Services.GetRequiredService<RecordingMessageBus>();

    public async Task InitializeAsync() => _server = await HubServer.StartAsync(configure: b =>
    {
        RecordingMessageBus.Install(b);
        b.Logging.SetMinimumLevel(LogLevel.Error);
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Hub_FuzzedInvocationsAndFrames_ErrorsWithReasons_ConnectionSurvivesArguments_NothingGarbagePublished()
    {
        var tally = new FuzzTally(Suite, nameof(WebChatFuzzTests));
        await using var client = await SignalRTestClient.ConnectAsync(_server.BaseAddress);
        await client.InvokeAsync("Join", null, 0);
        foreach (var index in FuzzSettings.Cases(ArgumentCases))
        {
            await RunArgumentsCaseAsync(client, index, tally);
            client.DrainEvents();
        }

        foreach (var index in FuzzSettings.Cases(FrameCases, first: FrameCasesFirst))
        {
            await RunFrameCaseAsync(index, tally);
        }

        tally.AssertNoFailures(_output);
        var ack = await client.InvokeAsync("Send", "What is ChatHub?", "after-fuzz-1");
        Assert.True(ack.GetProperty("accepted").GetBoolean());
        await using var fresh = await WebChatUser.JoinAsync(_server.BaseAddress);
        Assert.False(string.IsNullOrWhiteSpace(await fresh.AskAsync("What is ChatHub?")));
    }

    private async Task RunArgumentsCaseAsync(SignalRTestClient client, int index, FuzzTally tally)
    {
        var seed = FuzzSettings.SeedFor(Suite, index);
        var random = new Random(seed);
        var join = random.Next(10) == 0;
        var target = join ? "Join" : "Send";
        var valid = join
            ? new JsonArray(JsonMutator.Pick(random, (string?[])[null, "", "garbage", new string('t', 3000), "a.b.c"]), random.Next(0, 3))
            : new JsonArray("What is ChatHub?", "fz-" + index.ToString(CultureInfo.InvariantCulture));
        string strategy;
        string arguments;
        switch (random.Next(5))
        {
            case 0:
                strategy = "type-swap";
                arguments = JsonMutator.Structural(valid, random, (r, _) => JsonMutator.Pick(r, (string[])["42", "true", "null", "{}", "[]", "-7.25", "\"str\""]), delete: false);
                break;
            case 1:
            case 2:
                strategy = "boundary-value";
                arguments = JsonMutator.Structural(valid, random, (r, _) => JsonMutator.Pick(r, JsonMutator.BoundaryTokens.Where(IsJson).ToList()), delete: false);
                break;
            case 3:
                strategy = "arity";
                arguments = JsonMutator.Pick(random, (string[])["[]", $"[{valid[0]?.ToJsonString() ?? "null"}]", $"{valid.ToJsonString()[..^1]},\"extra\"]", $"{valid.ToJsonString()[..^1]},null,null]", "[null,null]"]);
                break;
            default:
                strategy = "text-content";
                arguments = join ? valid.ToJsonString() : $"[\"{JsonMutator.RandomText(random)}\",\"fz-{index}\"]";
                break;
        }

        var fuzzCase = new FuzzCase(index, seed, $"{strategy}({target})", Encoding.UTF8.GetBytes(arguments), false);
        var before = Bus.Inbound.Count;
        int status;
        string answer;
        try
        {
            var result = await client.InvokeRawAsync(target, arguments);
            var accepted = target == "Join" || result.GetProperty("accepted").GetBoolean();
            status = accepted ? 200 : 400;
            answer = accepted ? "" : result.GetProperty("error").GetString() ?? "";
        }
        catch (HubErrorException ex)
        {
            status = 400; // a binding failure: the invocation's error completion
            answer = ex.Message;
        }
        catch (InvalidOperationException ex)
        {
            tally.Record(fuzzCase, 599, 0, Verdict.Unknown);
            tally.Fail(fuzzCase, "the server closed the connection over an invocation's arguments: " + ex.Message);
            throw new InvalidOperationException(string.Join('\n', tally.Failures));
        }

        var published = Bus.Inbound.Skip(before).ToList();
        var verdict = target == "Join" ? JoinVerdict(arguments) : SendVerdict(arguments);
        tally.Record(fuzzCase, status, published.Count, verdict);
        if (verdict == Verdict.Invalid && status != 400)
        {
            tally.Fail(fuzzCase, "invalid arguments were accepted");
        }
        else if (verdict == Verdict.Valid && status != 200)
        {
            tally.Fail(fuzzCase, $"valid arguments were refused: {answer}");
        }

        if (status == 400 && string.IsNullOrWhiteSpace(answer))
        {
            tally.Fail(fuzzCase, "refused without a reason");
        }

        CheckPublished(fuzzCase, published, status, tally);
    }

    private async Task RunFrameCaseAsync(int index, FuzzTally tally)
    {
        var seed = FuzzSettings.SeedFor(Suite, index);
        var random = new Random(seed);
        var invocation = JsonNode.Parse($"{{\"type\":1,\"invocationId\":\"1\",\"target\":\"Send\",\"arguments\":[\"What is ChatHub?\",\"fr-{index}\"]}}")!;
        var (strategy, body, _) = random.Next(4) switch
        {
            0 or 1 => JsonMutator.Mutate(invocation, random),
            2 => JsonMutator.Generate(random, 40 * 1024, "{\"type\":1,\"target\":\"Send\",\"arguments\":"),
            _ => Special(random, index),
        };
        var separator = strategy != "missing-separator";
        var fuzzCase = new FuzzCase(index, seed, "frame:" + strategy, body, false);
        await using var connection = await SignalRTestClient.ConnectAsync(_server.BaseAddress);
        var before = Bus.Inbound.Count;
        if (IsUnknownMessageType(body))
        {
            // SignalR skips a message of a type it does not know (forward compatibility), and then reads nothing more
            // that arrived with it until new bytes come (a real client's next ping, ≤ 15 s): that connection only, by
            // design of the framework. No sentinel can be awaited without a timer, so: send, close, count.
            await connection.SendRawAsync([.. body, 0x1e]);
            tally.Record(fuzzCase, 204, 0, Verdict.Unknown);
            return;
        }

        int status;
        try
        {
            await connection.SendRawAsync(separator ? [.. body, 0x1e] : body);
            // A lone record separator ends whatever the frame left open, so that the sentinel is a message of its own.
            await connection.SendRawAsync([0x1e]);
            // The sentinel: invocations run in order per connection, so once it is answered the frame was handled. A
            // server that refuses the frame sends a close message instead (the sentinel is then never answered).
            var sentinel = connection.InvokeRawAsync("Join", "[null,0]", "sentinel");
            _ = sentinel.ContinueWith(t => t.Exception, TaskScheduler.Default); // answered never, or after the close
            // A ping as well, as real clients send every 15 s: SignalR skips a message of an unknown type but then waits
            // for new bytes before reading what followed it in the same read (the sentinel) — the ping is those bytes.
            await connection.SendRawAsync([.. "{\"type\":6}"u8, 0x1e]);
            var first = await Task.WhenAny(sentinel, connection.Closed).DefaultTimeout();
            await (first == sentinel ? (Task)sentinel : connection.Closed);
            status = first == sentinel ? 200 : 499;
        }
        catch (HubErrorException)
        {
            status = 400;
        }
        catch (TimeoutException)
        {
            status = 598;
            tally.Fail(fuzzCase, "the connection is wedged: the sentinel was neither answered nor the connection closed");
        }
        catch (Exception ex) when (ex is InvalidOperationException or WebSocketException or IOException)
        {
            status = 499; // this connection was closed by the server: SignalR's answer to a malformed frame
        }

        var published = Bus.Inbound.Skip(before).ToList();
        tally.Record(fuzzCase, status, published.Count, Verdict.Unknown);
        CheckPublished(fuzzCase, published, 200, tally);
        if (published.Count == 1 && SendVerdictOfFrame(body) != Verdict.Valid)
        {
            tally.Fail(fuzzCase, "a frame that is not a valid Send published a message");
        }
    }

    private static (string Strategy, byte[] Body, bool KnownInvalid) Special(Random random, int index) => random.Next(5) switch
    {
        0 => ("missing-separator", Encoding.UTF8.GetBytes($"{{\"type\":1,\"invocationId\":\"1\",\"target\":\"Send\",\"arguments\":[\"hi\",\"fs-{index}\"]}}"), true),
        1 => ("unknown-message-type", Encoding.UTF8.GetBytes(JsonMutator.Pick(random, (string[])["{\"type\":99}", "{\"type\":-1}", "{\"type\":\"1\"}", "{}", "{\"type\":4,\"invocationId\":\"9\",\"target\":\"Send\",\"arguments\":[\"a\",\"b\"]}", "{\"type\":5,\"invocationId\":\"zz\"}", "{\"type\":3,\"invocationId\":\"1\",\"result\":1}"])), true),
        2 => ("invalid-utf8-frame", [.. Encoding.UTF8.GetBytes("{\"type\":1,\"invocationId\":\"1\",\"target\":\"Send\",\"arguments\":[\""), 0xC3, 0x28, .. Encoding.UTF8.GetBytes($"\",\"fu-{index}\"]}}")], true),
        3 => ("unknown-target", Encoding.UTF8.GetBytes(JsonMutator.Pick(random, (string[])["{\"type\":1,\"invocationId\":\"1\",\"target\":\"Sned\",\"arguments\":[]}", "{\"type\":1,\"invocationId\":\"1\",\"target\":\"\",\"arguments\":[]}", "{\"type\":1,\"invocationId\":\"1\",\"target\":\"OnConnectedAsync\",\"arguments\":[]}", "{\"type\":1,\"invocationId\":\"1\",\"target\":\"Dispose\",\"arguments\":[]}"])), true),
        _ => ("oversize-frame", Encoding.UTF8.GetBytes($"{{\"type\":1,\"invocationId\":\"1\",\"target\":\"Send\",\"arguments\":[\"{new string('x', 40 * 1024)}\",\"fo-{index}\"]}}"), true),
    };

    private static void CheckPublished(FuzzCase fuzzCase, List<InboundMessage> published, int status, FuzzTally tally)
    {
        if (published.Count > 0 && status != 200)
        {
            tally.Fail(fuzzCase, "refused, but published");
        }

        if (published.Count > 1)
        {
            tally.Fail(fuzzCase, $"{published.Count} messages published for one invocation");
        }

        foreach (var message in published)
        {
            var why = FuzzTally.Garbage(message, MaxLength)
                ?? (message.Conversation.Channel != ChannelNames.WebChat || message.Priority != MessagePriority.Interactive
                    ? $"published as {message.Conversation.Channel} with priority {message.Priority}" : null);
            if (why is not null)
            {
                tally.Fail(fuzzCase, why);
            }
        }
    }

    /// <summary>The web chat's rules for <c>Send(text, clientMessageId)</c> (docs/web-chat-protocol.md), judged on the raw arguments.</summary>
    private static Verdict SendVerdict(string arguments)
    {
        using var document = JsonDocument.Parse(arguments);
        var args = document.RootElement;
        if (args.ValueKind != JsonValueKind.Array || args.GetArrayLength() != 2 || args.EnumerateArray().Any(a => a.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)))
        {
            return Verdict.Invalid; // SignalR binds exactly two strings (or nulls)
        }

        if ((!JsonShape.TryGetString(args[0], out var text) && args[0].ValueKind != JsonValueKind.Null)
            || (!JsonShape.TryGetString(args[1], out var id) && args[1].ValueKind != JsonValueKind.Null))
        {
            return Verdict.Unknown; // a lone surrogate escape: refused by the binder or cleaned by the sanitizer
        }

        if (string.IsNullOrWhiteSpace(id) || id.Length > 128 || id.Any(char.IsControl))
        {
            return Verdict.Invalid;
        }

        var clean = TextSanitizer.Clean(text ?? "");
        return string.IsNullOrWhiteSpace(clean) || clean.Length > MaxLength ? Verdict.Invalid : Verdict.Valid;
    }

    private static Verdict JoinVerdict(string arguments)
    {
        using var document = JsonDocument.Parse(arguments);
        var args = document.RootElement;
        if (args.ValueKind != JsonValueKind.Array || args.GetArrayLength() != 2 || args[0].ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            return Verdict.Invalid;
        }

        if (args[0].ValueKind == JsonValueKind.String && !JsonShape.TryGetString(args[0], out _))
        {
            return Verdict.Unknown; // a lone surrogate escape in the token
        }

        return args[1].ValueKind == JsonValueKind.Number && args[1].TryGetInt64(out _) ? Verdict.Valid : Verdict.Unknown;
    }

    /// <summary>Valid only for a well-formed blocking or non-blocking invocation of Send whose arguments pass <see cref="SendVerdict"/>.</summary>
    private static Verdict SendVerdictOfFrame(byte[] body)
    {
        try
        {
            // SignalR's JSON protocol reads the first JSON value of a record and ignores what follows it.
            var reader = new Utf8JsonReader(body);
            using var frame = JsonDocument.ParseValue(ref reader);
            var root = frame.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && JsonShape.TryGetLast(root, "type", false, out var type) && type.ValueKind == JsonValueKind.Number && type.TryGetInt32(out var t) && t == 1
                && JsonShape.TryGetLast(root, "target", false, out var target) && target.ValueKind == JsonValueKind.String && target.GetString() == "Send"
                && JsonShape.TryGetLast(root, "arguments", false, out var arguments)
                    ? SendVerdict(arguments.GetRawText())
                    : Verdict.Invalid;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            return Verdict.Invalid;
        }
    }

    /// <summary>A record whose first JSON value is an object with a numeric <c>type</c> that is not a SignalR message type (1–7).</summary>
    private static bool IsUnknownMessageType(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var frame = JsonDocument.ParseValue(ref reader);
            return frame.RootElement.ValueKind == JsonValueKind.Object
                && frame.RootElement.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Number
                && !(type.TryGetInt32(out var t) && t is >= 1 and <= 7);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsJson(string token)
    {
        try
        {
            using var _ = JsonDocument.Parse(token);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
