using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ChatHub.Testing.Slack;

/// <summary>
/// What Slack's Events API sends, in the shapes of api.slack.com/apis/events-api and the event pages
/// (<c>app_mention</c>, <c>message.im</c>, <c>url_verification</c>), and the signed request that carries them
/// (<c>X-Slack-Request-Timestamp</c>, <c>X-Slack-Signature: v0=hex(HMAC-SHA256(secret, "v0:{ts}:{body}"))</c>,
/// <c>X-Slack-Retry-Num</c>/<c>X-Slack-Retry-Reason</c> on a retry).
/// </summary>
public static class SlackPayloads
{
    private static long _nextTs = 1_765_000_000_000_001;
    private static int _nextEvent;

    /// <summary>A new message timestamp, as Slack writes it (<c>1765000000.000001</c>).</summary>
    public static string NextTs()
    {
        var value = Interlocked.Increment(ref _nextTs);
        return $"{value / 1_000_000}.{value % 1_000_000:D6}";
    }

    /// <summary>An <c>app_mention</c> in a channel, the bot's mention first in the text (<c>&lt;@U…&gt; question</c>).</summary>
    public static JsonObject AppMention(string channel, string ts, string text, string user = "U061F7AUR", string? threadTs = null, string? eventId = null)
    {
        var e = new JsonObject
        {
            ["client_msg_id"] = Guid.NewGuid().ToString(), ["type"] = "app_mention", ["text"] = $"<@{FakeSlack.BotUserId}> {text}", ["user"] = user,
            ["ts"] = ts, ["blocks"] = Blocks(text), ["team"] = FakeSlack.TeamId, ["channel"] = channel, ["event_ts"] = ts,
        };
        if (threadTs is not null)
        {
            e["thread_ts"] = threadTs;
        }

        return Callback(e, eventId);
    }

    /// <summary>A <c>message</c> in the bot's DM (<c>channel_type</c> <c>im</c>); a <paramref name="subtype"/> or <paramref name="botId"/> makes it one the bot must ignore.</summary>
    public static JsonObject DirectMessage(string channel, string ts, string text, string user = "U2147483697", string? subtype = null, string? botId = null, string? eventId = null)
    {
        var e = new JsonObject
        {
            ["client_msg_id"] = Guid.NewGuid().ToString(), ["type"] = "message", ["text"] = text, ["user"] = user, ["ts"] = ts,
            ["blocks"] = Blocks(text), ["team"] = FakeSlack.TeamId, ["channel"] = channel, ["event_ts"] = ts, ["channel_type"] = "im",
        };
        if (subtype is not null)
        {
            e["subtype"] = subtype;
        }

        if (botId is not null)
        {
            e["bot_id"] = botId;
        }

        return Callback(e, eventId);
    }

    /// <summary>An edit of a DM as Slack sends it: <c>subtype</c> <c>message_changed</c>, the new message nested.</summary>
    public static JsonObject DirectMessageChanged(string channel, string ts, string newText) => Callback(new JsonObject
    {
        ["type"] = "message", ["subtype"] = "message_changed", ["channel"] = channel, ["channel_type"] = "im", ["hidden"] = true, ["ts"] = NextTs(),
        ["event_ts"] = ts, ["message"] = new JsonObject { ["type"] = "message", ["user"] = "U2147483697", ["text"] = newText, ["ts"] = ts, ["edited"] = new JsonObject { ["user"] = "U2147483697", ["ts"] = NextTs() } },
        ["previous_message"] = new JsonObject { ["type"] = "message", ["user"] = "U2147483697", ["text"] = "before", ["ts"] = ts },
    }, null);

    public static JsonObject UrlVerification(string challenge) => new()
    {
        ["token"] = "Jhj5dZrVaK7ZwHHjRyZWjbDl", ["challenge"] = challenge, ["type"] = "url_verification",
    };

    /// <summary>The Events API envelope around an inner event.</summary>
    public static JsonObject Callback(JsonObject e, string? eventId) => new()
    {
        ["token"] = "XXYYZZ", ["team_id"] = FakeSlack.TeamId, ["context_team_id"] = FakeSlack.TeamId, ["context_enterprise_id"] = null,
        ["api_app_id"] = "A0TESTAPP", ["event"] = e, ["type"] = "event_callback",
        ["event_id"] = eventId ?? $"Ev{Interlocked.Increment(ref _nextEvent):D8}", ["event_time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["authorizations"] = new JsonArray(new JsonObject
        {
            ["enterprise_id"] = null, ["team_id"] = FakeSlack.TeamId, ["user_id"] = FakeSlack.BotUserId, ["is_bot"] = true, ["is_enterprise_install"] = false,
        }),
        ["is_ext_shared_channel"] = false, ["event_context"] = "4-eyJldCI6ImFwcF9tZW50aW9uIiwidGlkIjoiVDBURVNUIn0",
    };

    /// <summary>A <c>block_actions</c> interaction: <paramref name="user"/> pressed the button <paramref name="actionId"/> on <paramref name="message"/>.</summary>
    public static JsonObject BlockActions(string channel, JsonObject message, string actionId, string user = "U2147483697", string? teamId = null)
    {
        var ts = NextTs();
        return new JsonObject
        {
            ["type"] = "block_actions",
            ["team"] = new JsonObject { ["id"] = teamId ?? FakeSlack.TeamId, ["domain"] = "chathub-test" },
            ["user"] = new JsonObject { ["id"] = user, ["username"] = "person", ["team_id"] = teamId ?? FakeSlack.TeamId },
            ["api_app_id"] = "A0TESTAPP",
            ["token"] = "verification-token-deprecated",
            ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = message["ts"]?.DeepClone(), ["channel_id"] = channel, ["is_ephemeral"] = false },
            ["trigger_id"] = "13345224609.738474920.8088930838d88f008e0",
            ["channel"] = new JsonObject { ["id"] = channel, ["name"] = channel.StartsWith('D') ? "directmessage" : "general" },
            ["message"] = message.DeepClone(),
            ["response_url"] = "https://hooks.slack.com/actions/T0TESTTEAM/0/fake",
            ["actions"] = new JsonArray(new JsonObject
            {
                ["action_id"] = actionId, ["block_id"] = "chathub.suggestions", ["type"] = "button", ["action_ts"] = ts,
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "button", ["emoji"] = false },
            }),
        };
    }

    /// <summary>An interaction as Slack posts it to the interactivity URL: <c>payload=</c> + the JSON, form-encoded.</summary>
    public static string InteractionForm(JsonNode payload) => "payload=" + Uri.EscapeDataString(payload.ToJsonString());

    /// <summary>
    /// A request as Slack sends it to <paramref name="url"/>: JSON body, timestamp (now, unless given), signature with
    /// <paramref name="secret"/> (the fake's by default), and the retry headers when <paramref name="retryNum"/> is set.
    /// </summary>
    public static HttpRequestMessage SignedRequest(
        Uri url, string body, string secret = FakeSlack.SigningSecret, DateTimeOffset? timestamp = null, int? retryNum = null, string contentType = "application/json")
    {
        var ts = (timestamp ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("X-Slack-Request-Timestamp", ts);
        request.Headers.Add("X-Slack-Signature", Sign(secret, ts, bytes));
        request.Headers.UserAgent.ParseAdd("Slackbot 1.0 (+https://api.slack.com/robots)");
        if (retryNum is { } n)
        {
            request.Headers.Add("X-Slack-Retry-Num", n.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }

        return request;
    }

    /// <summary><c>v0=</c> + lower-case hex HMAC-SHA256 of <c>v0:{timestamp}:{body}</c>.</summary>
    public static string Sign(string secret, string timestamp, byte[] body)
    {
        var baseString = Encoding.UTF8.GetBytes($"v0:{timestamp}:").Concat(body).ToArray();
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), baseString));
    }

    private static JsonArray Blocks(string text) => new(new JsonObject
    {
        ["type"] = "rich_text", ["block_id"] = "b1",
        ["elements"] = new JsonArray(new JsonObject
        {
            ["type"] = "rich_text_section", ["elements"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }),
        }),
    });
}
