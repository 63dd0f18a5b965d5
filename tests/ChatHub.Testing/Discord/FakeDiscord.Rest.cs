using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ChatHub.Testing.Discord;

public sealed partial class FakeDiscord
{
    private readonly List<RestCall> _calls = [];
    private readonly List<FakeScript> _scripts = [];
    private readonly List<FakeDiscordMessage> _messages = [];
    private readonly Dictionary<string, (string Token, bool Answered)> _interactions = new(StringComparer.Ordinal);
    private long _nextInteractionId = 1_300_000_000_000_000_000;
    private long _nextMessageId = 900_000_000_000_000_000;

    /// <summary>The IDENTIFYs left that <c>GET /gateway/bot</c> reports.</summary>
    public int SessionStartRemaining { get; set; } = 1000;

    public IReadOnlyList<RestCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<RestCall> CallsTo(FakeRoute route, string? channelId = null) =>
        [.. Calls.Where(c => c.Route == route && (channelId is null || c.ChannelId == channelId))];

    /// <summary>The bot's messages in a channel, oldest first, with their current content.</summary>
    public IReadOnlyList<FakeDiscordMessage> MessagesIn(string channelId)
    {
        lock (_gate)
        {
            return [.. _messages.Where(m => m.ChannelId == channelId)];
        }
    }

    /// <summary>Deletes one of the bot's messages, as a moderator would.</summary>
    public void DeleteMessage(string messageId)
    {
        lock (_gate)
        {
            _messages.RemoveAll(m => m.Id == messageId);
        }
    }

    /// <summary>Completes with the first <paramref name="count"/> calls of the route (to the channel, matching) once they happened.</summary>
    public async Task<IReadOnlyList<RestCall>> WaitForCallsAsync(FakeRoute route, string? channelId = null, int count = 1, Func<RestCall, bool>? where = null)
    {
        bool Match(RestCall c) => c.Route == route && (channelId is null || c.ChannelId == channelId) && (where is null || where(c));
        await WaitUntilAsync(() => _calls.Count(Match) >= count);
        lock (_gate)
        {
            return [.. _calls.Where(Match).Take(count)];
        }
    }

    /// <summary>
    /// Answers the next <paramref name="times"/> calls of the route (to the channel, if given), after letting
    /// <paramref name="afterCalls"/> through, with <paramref name="status"/>: an error body (<paramref name="message"/>,
    /// <paramref name="code"/>), or for 429 <c>retry_after</c> (global or for the bucket). A 2xx status answers
    /// normally but with the given <paramref name="remaining"/> / <paramref name="resetAfter"/> headers, and with
    /// <paramref name="hang"/> it answers that late (the request was processed, its response is lost to a timeout).
    /// </summary>
    public void Script(FakeRoute route, int status, string? channelId = null, string? message = null, int? code = null, double? retryAfter = null,
        bool global = false, string? scope = null, int? remaining = null, double? resetAfter = null, int times = 1, int afterCalls = 0,
        TimeSpan? hang = null, string? rawBody = null)
    {
        lock (_gate)
        {
            _scripts.Add(new FakeScript(route, channelId, status, message, code, retryAfter, global, scope, remaining, resetAfter, hang, rawBody)
            {
                Times = times,
                Skip = afterCalls,
            });
        }
    }

    /// <summary>Ends every pending script (an outage scripted with a large <c>times</c> ends here).</summary>
    public void ClearScripts()
    {
        lock (_gate)
        {
            _scripts.Clear();
        }
    }

    /// <summary>
    /// A person presses the button labelled <paramref name="label"/> on one of the bot's messages: INTERACTION_CREATE
    /// (a message component) as Discord sends it, with the message as the channel shows it. Returns the interaction id.
    /// </summary>
    public string Press(string messageId, string label, string userId, string? guildId = null)
    {
        FakeDiscordMessage message;
        lock (_gate)
        {
            message = _messages.Single(m => m.Id == messageId);
        }

        var button = (message.Components as JsonArray ?? []).SelectMany(row => row?["components"] as JsonArray ?? [])
            .Single(b => b?["label"]?.GetValue<string>() == label)!;
        return PressRaw(JsonNode.Parse(MessageJson(message))!.AsObject(), button["custom_id"]!.GetValue<string>(), userId, guildId);
    }

    /// <summary>An INTERACTION_CREATE for a button with <paramref name="customId"/> on <paramref name="message"/> (any message: forgeries too).</summary>
    public string PressRaw(JsonObject message, string customId, string userId, string? guildId = null)
    {
        string id, token;
        lock (_gate)
        {
            id = (++_nextInteractionId).ToString(CultureInfo.InvariantCulture);
            token = "aW50ZXJhY3Rpb246" + id;
            _interactions[id] = (token, false);
        }

        var user = new JsonObject { ["id"] = userId, ["username"] = "person" + userId[^4..], ["global_name"] = "Person" };
        var interaction = new JsonObject
        {
            ["id"] = id,
            ["application_id"] = ApplicationId,
            ["type"] = 3,
            ["token"] = token,
            ["version"] = 1,
            ["channel_id"] = message["channel_id"]?.DeepClone(),
            ["data"] = new JsonObject { ["custom_id"] = customId, ["component_type"] = 2 },
            ["message"] = message.DeepClone(),
        };
        if (guildId is null)
        {
            interaction["user"] = user;
        }
        else
        {
            interaction["guild_id"] = guildId;
            interaction["member"] = new JsonObject { ["user"] = user, ["nick"] = null, ["roles"] = new JsonArray() };
        }

        Dispatch("INTERACTION_CREATE", interaction);
        return id;
    }

    /// <summary>The JSON of one of the bot's messages, as Discord returns it.</summary>
    public JsonObject MessageJsonOf(string messageId)
    {
        lock (_gate)
        {
            return JsonNode.Parse(MessageJson(_messages.Single(m => m.Id == messageId)))!.AsObject();
        }
    }

    private async Task HandleRestAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        if (!path.StartsWith("/api/v10/", StringComparison.Ordinal) || !TryRoute(request.Method, path["/api/v10".Length..], out var route, out var channelId, out var messageId))
        {
            await WriteAsync(context, 404, Error("404: Not Found", 0), null);
            return;
        }

        var body = await ReadBodyAsync(context);
        var authorization = request.Headers.Authorization.ToString();
        var userAgent = request.Headers.UserAgent.ToString();
        var contentType = request.ContentType;
        var arrived = DateTimeOffset.UtcNow;
        void Record(int status)
        {
            lock (_gate)
            {
                _calls.Add(new RestCall(route, request.Method, path, channelId, messageId, body, status, authorization, userAgent, contentType, arrived));
            }

            Changed();
        }

        if (authorization != "Bot " + Token)
        {
            Record(401);
            await WriteAsync(context, 401, Error("401: Unauthorized", 0), null);
            return;
        }

        var script = TakeScript(route, channelId);
        if (script is { Status: not (>= 200 and < 300) })
        {
            Record(script.Status);
            if (script.Hang is { } hang)
            {
                await Task.Delay(hang, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            await WriteAsync(context, script.Status, script.RawBody ?? ErrorFor(script), script);
            return;
        }

        var (status, answer) = Answer(route, path, channelId, messageId, body);
        Record(status);
        if (script?.Hang is { } lost)
        {
            // Done, but the answer is late (past the caller's timeout): the request was processed and its response lost.
            await Task.Delay(lost, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        await WriteAsync(context, status, answer, script);
    }

    private (int Status, string? Body) Answer(FakeRoute route, string path, string? channelId, string? messageId, JsonObject body)
    {
        switch (route)
        {
            case FakeRoute.GatewayBot:
                return (200, new JsonObject
                {
                    ["url"] = GatewayUrl.AbsoluteUri.TrimEnd('/'),
                    ["shards"] = 1,
                    ["session_start_limit"] = new JsonObject { ["total"] = 1000, ["remaining"] = SessionStartRemaining, ["reset_after"] = 3_600_000, ["max_concurrency"] = 1 },
                }.ToJsonString());
            case FakeRoute.Typing:
                return (204, null);
            case FakeRoute.CreateMessage:
                var content = body["content"]?.GetValue<string>() ?? "";
                if (content.Length is 0 or > 2000)
                {
                    return (400, Error("Invalid Form Body", 50035));
                }

                var nonce = body["nonce"]?.GetValue<string>();
                lock (_gate)
                {
                    if (nonce is not null && body["enforce_nonce"]?.GetValue<bool>() == true
                        && _messages.FirstOrDefault(m => m.ChannelId == channelId && m.Nonce == nonce) is { } existing)
                    {
                        return (200, MessageJson(existing));
                    }

                    var created = new FakeDiscordMessage((++_nextMessageId).ToString(CultureInfo.InvariantCulture), channelId!, content,
                        body["message_reference"]?["message_id"]?.GetValue<string>(), nonce, 0, body["allowed_mentions"]?.DeepClone(), body["components"]?.DeepClone());
                    _messages.Add(created);
                    return (200, MessageJson(created));
                }

            case FakeRoute.InteractionCallback:
                lock (_gate)
                {
                    // Discord: an unknown or expired interaction is 404 (10062); a second answer 400 (40060).
                    if (!_interactions.TryGetValue(messageId!, out var issued) || !path.EndsWith($"/{issued.Token}/callback", StringComparison.Ordinal))
                    {
                        return (404, Error("Unknown interaction", 10062));
                    }

                    if (issued.Answered)
                    {
                        return (400, Error("Interaction has already been acknowledged.", 40060));
                    }

                    if (body["type"]?.GetValue<int>() is not (1 or 4 or 5 or 6 or 7))
                    {
                        return (400, Error("Invalid Form Body", 50035));
                    }

                    _interactions[messageId!] = issued with { Answered = true };
                    return (204, null);
                }

            default:
                var newContent = body["content"]?.GetValue<string>() ?? "";
                lock (_gate)
                {
                    var index = _messages.FindIndex(m => m.ChannelId == channelId && m.Id == messageId);
                    if (index < 0)
                    {
                        return (404, Error("Unknown Message", 10008));
                    }

                    _messages[index] = _messages[index] with
                    {
                        Content = newContent,
                        Edits = _messages[index].Edits + 1,
                        Components = body.ContainsKey("components") ? body["components"]?.DeepClone() : _messages[index].Components,
                    };
                    return (200, MessageJson(_messages[index]));
                }
        }
    }

    private FakeScript? TakeScript(FakeRoute route, string? channelId)
    {
        lock (_gate)
        {
            var script = _scripts.FirstOrDefault(s => s.Route == route && (s.ChannelId is null || s.ChannelId == channelId));
            if (script is null)
            {
                return null;
            }

            if (script.Skip > 0)
            {
                script.Skip--;
                return null;
            }

            if (--script.Times == 0)
            {
                _scripts.Remove(script);
            }

            return script;
        }
    }

    private static bool TryRoute(string method, string path, out FakeRoute route, out string? channelId, out string? messageId)
    {
        route = default;
        channelId = null;
        messageId = null;
        var segments = path.Trim('/').Split('/');
        switch (method, segments)
        {
            case ("GET", ["gateway", "bot"]):
                route = FakeRoute.GatewayBot;
                return true;
            case ("POST", ["channels", var channel, "messages"]):
                (route, channelId) = (FakeRoute.CreateMessage, channel);
                return true;
            case ("PATCH", ["channels", var channel, "messages", var message]):
                (route, channelId, messageId) = (FakeRoute.EditMessage, channel, message);
                return true;
            case ("POST", ["channels", var channel, "typing"]):
                (route, channelId) = (FakeRoute.Typing, channel);
                return true;
            case ("POST", ["interactions", var interaction, _, "callback"]):
                (route, messageId) = (FakeRoute.InteractionCallback, interaction);
                return true;
            default:
                return false;
        }
    }

    private static Task WriteAsync(HttpContext context, int status, string? body, FakeScript? script)
    {
        var response = context.Response;
        response.StatusCode = status;
        var route = context.Request.Path.Value!.Contains("/typing", StringComparison.Ordinal) ? "typing"
            : context.Request.Path.Value!.Contains("/interactions/", StringComparison.Ordinal) ? "interaction"
            : context.Request.Method == "PATCH" ? "edit" : context.Request.Method == "GET" ? "gateway" : "create";
        if (status == 429 && script is not null)
        {
            var retryAfter = script.RetryAfter ?? 1;
            response.Headers.RetryAfter = Math.Ceiling(retryAfter).ToString(CultureInfo.InvariantCulture);
            response.Headers["X-RateLimit-Scope"] = script.Scope ?? (script.Global ? "global" : "user");
            if (script.Global)
            {
                response.Headers["X-RateLimit-Global"] = "true";
            }
            else
            {
                SetBucket(response, route, 0, retryAfter);
            }
        }
        else
        {
            SetBucket(response, route, script?.Remaining ?? 49, script?.ResetAfter ?? 1);
        }

        if (body is null)
        {
            return Task.CompletedTask;
        }

        response.ContentType = body.StartsWith('{') ? "application/json" : "text/html";
        return response.WriteAsync(body, context.RequestAborted);
    }

    private static void SetBucket(HttpResponse response, string route, int remaining, double resetAfter)
    {
        response.Headers["X-RateLimit-Bucket"] = "bucket-" + route;
        response.Headers["X-RateLimit-Limit"] = "50";
        response.Headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Reset-After"] = resetAfter.ToString("0.000", CultureInfo.InvariantCulture);
    }

    private static string ErrorFor(FakeScript script) => script.Status == 429
        ? new JsonObject { ["message"] = "You are being rate limited.", ["retry_after"] = script.RetryAfter ?? 1, ["global"] = script.Global }.ToJsonString()
        : Error(script.Message ?? "error", script.Code ?? 0);

    private static string Error(string message, int code) =>
        new JsonObject { ["message"] = message, ["code"] = code }.ToJsonString(JsonOptions);

    private static string MessageJson(FakeDiscordMessage message) => new JsonObject
    {
        ["id"] = message.Id,
        ["channel_id"] = message.ChannelId,
        ["content"] = message.Content,
        ["type"] = message.ReplyTo is null ? 0 : 19,
        ["author"] = new JsonObject { ["id"] = BotUserId, ["username"] = BotUsername, ["bot"] = true },
        ["nonce"] = message.Nonce,
        ["components"] = message.Components?.DeepClone() ?? new JsonArray(),
    }.ToJsonString(JsonOptions);

    private static async Task<JsonObject> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        return text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? [];
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
