using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatHub.Testing.Slack;

/// <summary>
/// A loopback fake of Slack's Web API (real HTTP on 127.0.0.1, port 0), written from api.slack.com/web and the method
/// pages: <c>POST /api/{method}</c> with <c>Authorization: Bearer</c>; answers <c>{"ok":true,…}</c> or HTTP 200 with
/// <c>{"ok":false,"error":…}</c> (<c>not_authed</c>, <c>invalid_auth</c>, <c>not_allowed_token_type</c>,
/// <c>channel_not_found</c>, <c>no_text</c>, <c>message_not_found</c>), and rate limits as HTTP 429 with
/// <c>Retry-After</c> and <c>{"ok":false,"error":"ratelimited"}</c>. Methods: <c>auth.test</c>,
/// <c>chat.postMessage</c> (keeps the bot's messages per channel, with their thread), <c>chat.update</c> (edits
/// them), <c>apps.connections.open</c> (the app-level token only; a Socket Mode WebSocket on this fake,
/// FakeSlack.SocketMode.cs). Errors on demand (<see cref="FailNext"/>), every call recorded.
/// </summary>
public sealed partial class FakeSlack : IAsyncDisposable
{
    public const string BotToken = "xoxb-1234567890-1234567890123-TestBotTokenAbcdefgh";
    public const string AppToken = "xapp-1-A0TESTAPP-1234567890-0123456789abcdef";
    public const string SigningSecret = "8f742231b10e8888abcd99a0b1c2d3e4";
    public const string TeamId = "T0TESTTEAM";
    public const string BotUserId = "U0BOTUSER1";
    public const string BotId = "B0TESTBOT1";

    private readonly Lock _gate = new();
    private readonly List<SlackCall> _calls = [];
    private readonly List<FakeSlackMessage> _messages = [];
    private readonly List<Fault> _faults = [];
    private readonly List<(Func<bool> Condition, TaskCompletionSource Done)> _waiters = [];
    private readonly WebApplication _app;
    private long _nextTs = 1_700_000_000_000_100;

    private FakeSlack(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>What <c>Channels:Slack:ApiBaseUrl</c> points at.</summary>
    public Uri ApiBaseUrl => new(BaseAddress, "/api/");

    public static async Task<FakeSlack> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeSlack(app);
        app.UseWebSockets();
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return fake;
    }

    public IReadOnlyList<SlackCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<SlackCall> CallsTo(string method, string? channel = null) =>
        [.. Calls.Where(c => c.Method == method && (channel is null || c.Channel == channel))];

    /// <summary>The bot's messages in a channel, oldest first, with their current text.</summary>
    public IReadOnlyList<FakeSlackMessage> MessagesIn(string channel)
    {
        lock (_gate)
        {
            return [.. _messages.Where(m => m.Channel == channel)];
        }
    }

    /// <summary>Every message the bot posted, oldest first.</summary>
    public IReadOnlyList<FakeSlackMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Completes once <paramref name="condition"/> holds (checked now and after every call the fake answers).</summary>
    public Task WaitUntilAsync(Func<bool> condition)
    {
        lock (_gate)
        {
            if (condition())
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((condition, done));
            return done.Task;
        }
    }

    /// <summary>Completes with the first <paramref name="count"/> calls of the method (to the channel, if given) that succeeded.</summary>
    public async Task<IReadOnlyList<SlackCall>> WaitForCallsAsync(string method, string? channel = null, int count = 1)
    {
        bool Match(SlackCall c) => c.Method == method && (channel is null || c.Channel == channel) && c.Succeeded;
        await WaitUntilAsync(() => _calls.Count(Match) >= count);
        return [.. Calls.Where(Match).Take(count)];
    }

    /// <summary>
    /// Answers the next <paramref name="times"/> calls of the method (to the channel, if given), after letting
    /// <paramref name="afterCalls"/> through, with an error: HTTP <paramref name="status"/> (429 with
    /// <c>Retry-After: retryAfter</c> and <c>ratelimited</c>; 5xx with an HTML page, as a proxy would) or HTTP 200 with
    /// <c>{"ok":false,"error":error}</c>.
    /// </summary>
    public void FailNext(string method, string error, int status = 200, int? retryAfter = null, string? channel = null, int times = 1, int afterCalls = 0)
    {
        lock (_gate)
        {
            _faults.Add(new Fault(method, channel, status, error, retryAfter) { Remaining = times, Skip = afterCalls });
        }
    }

    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        AbortSockets();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (path == SocketPath)
        {
            await HandleSocketAsync(context);
            return;
        }

        if (!path.StartsWith("/api/", StringComparison.Ordinal) || context.Request.Method != HttpMethods.Post)
        {
            context.Response.StatusCode = 404;
            return;
        }

        var method = path["/api/".Length..];
        JsonObject body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            body = [];
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        var (status, response, retryAfter) = Answer(method, body, authorization);
        lock (_gate)
        {
            _calls.Add(new SlackCall(method, body, status, response?["ok"]?.GetValue<bool>() == false ? response["error"]?.GetValue<string>() : null,
                authorization, context.Request.ContentType));
        }

        context.Response.StatusCode = status;
        if (retryAfter is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        if (response is null)
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><body>502 Bad Gateway</body></html>");
        }
        else
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(response.ToJsonString());
        }

        Changed();
    }

    private (int Status, JsonObject? Body, int? RetryAfter) Answer(string method, JsonObject body, string authorization)
    {
        var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : null;
        if (token is null)
        {
            return (200, Error("not_authed"), null);
        }

        var appMethod = method == "apps.connections.open";
        if (token != BotToken && token != AppToken)
        {
            return (200, Error("invalid_auth"), null);
        }

        if (appMethod != (token == AppToken))
        {
            return (200, Error("not_allowed_token_type"), null);
        }

        var channel = body["channel"]?.GetValue<string>();
        lock (_gate)
        {
            if (TakeFault(method, channel) is { } fault)
            {
                return fault.Status switch
                {
                    429 => (429, Error("ratelimited"), fault.RetryAfter ?? 1),
                    >= 500 => (fault.Status, null, null),
                    _ => (fault.Status, Error(fault.Error), null),
                };
            }

            switch (method)
            {
                case "auth.test":
                    return (200, new JsonObject
                    {
                        ["ok"] = true, ["url"] = "https://chathub-test.slack.com/", ["team"] = "ChatHub Test", ["user"] = "chathub",
                        ["team_id"] = TeamId, ["user_id"] = BotUserId, ["bot_id"] = BotId, ["is_enterprise_install"] = false,
                    }, null);
                case "chat.postMessage":
                    return PostMessage(body, channel);
                case "chat.update":
                    return UpdateMessage(body, channel);
                case "apps.connections.open":
                    return (200, new JsonObject { ["ok"] = true, ["url"] = NewSocketUrl() }, null);
                default:
                    return (200, Error("unknown_method"), null);
            }
        }
    }

    private (int, JsonObject?, int?) PostMessage(JsonObject body, string? channel)
    {
        if (channel is null || !channel.StartsWith('C') && !channel.StartsWith('D') && !channel.StartsWith('G'))
        {
            return (200, Error("channel_not_found"), null);
        }

        if (body["text"]?.GetValue<string>() is not { Length: > 0 } text)
        {
            return (200, Error("no_text"), null);
        }

        if (InvalidBlocks(body) is { } invalid)
        {
            return (200, Error(invalid), null);
        }

        var thread = body["thread_ts"]?.GetValue<string>();
        var ts = NextTs();
        _messages.Add(new FakeSlackMessage(channel, ts, thread, text, 0, body["blocks"]?.DeepClone() as JsonArray));
        return (200, new JsonObject
        {
            ["ok"] = true, ["channel"] = channel, ["ts"] = ts,
            ["message"] = new JsonObject
            {
                ["type"] = "message", ["subtype"] = "bot_message", ["text"] = text, ["ts"] = ts, ["bot_id"] = BotId, ["thread_ts"] = thread,
            },
        }, null);
    }

    private (int, JsonObject?, int?) UpdateMessage(JsonObject body, string? channel)
    {
        var ts = body["ts"]?.GetValue<string>();
        var index = _messages.FindIndex(m => m.Channel == channel && m.Ts == ts);
        if (index < 0)
        {
            return (200, Error(_messages.Any(m => m.Channel == channel) ? "message_not_found" : "channel_not_found"), null);
        }

        if (body["text"]?.GetValue<string>() is not { Length: > 0 } text)
        {
            return (200, Error("no_text"), null);
        }

        if (InvalidBlocks(body) is { } invalid)
        {
            return (200, Error(invalid), null);
        }

        var message = _messages[index];
        _messages[index] = message with
        {
            Text = text,
            Edits = message.Edits + 1,
            Blocks = body.ContainsKey("blocks") ? body["blocks"]?.DeepClone() as JsonArray : message.Blocks,
        };
        return (200, new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = ts, ["text"] = text }, null);
    }

    /// <summary>Block Kit's limits the hub relies on (Slack answers <c>invalid_blocks</c>), or null.</summary>
    private static string? InvalidBlocks(JsonObject body)
    {
        if (body["blocks"] is not JsonArray blocks)
        {
            return null;
        }

        foreach (var block in blocks)
        {
            var type = block?["type"]?.GetValue<string>();
            if (type == "section" && block!["text"]?["text"]?.GetValue<string>() is not { Length: > 0 and <= 3000 })
            {
                return "invalid_blocks";
            }

            if (type == "actions" && (block!["elements"] is not JsonArray { Count: > 0 and <= 25 } elements
                || elements.Any(e => e?["text"]?["text"]?.GetValue<string>() is not { Length: > 0 and <= 75 } || e["action_id"]?.GetValue<string>() is not { Length: > 0 and <= 255 })))
            {
                return "invalid_blocks";
            }
        }

        return null;
    }

    private string NextTs()
    {
        var value = ++_nextTs;
        return $"{value / 1_000_000}.{value % 1_000_000:D6}";
    }

    private static JsonObject Error(string error) => new() { ["ok"] = false, ["error"] = error };

    private Fault? TakeFault(string method, string? channel)
    {
        foreach (var fault in _faults)
        {
            if (fault.Method != method || (fault.Channel is not null && fault.Channel != channel) || fault.Remaining <= 0)
            {
                continue;
            }

            if (fault.Skip > 0)
            {
                fault.Skip--;
                return null;
            }

            fault.Remaining--;
            return fault;
        }

        return null;
    }

    private void Changed()
    {
        List<TaskCompletionSource> done = [];
        lock (_gate)
        {
            foreach (var waiter in _waiters.Where(w => w.Condition()).ToList())
            {
                _waiters.Remove(waiter);
                done.Add(waiter.Done);
            }
        }

        foreach (var waiter in done)
        {
            waiter.TrySetResult();
        }
    }

    private sealed record Fault(string Method, string? Channel, int Status, string Error, int? RetryAfter)
    {
        public int Remaining { get; set; }

        public int Skip { get; set; }
    }
}
