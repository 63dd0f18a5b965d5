using System.Text.Json;
using ChatHub.Conversation.Messages;
using ChatHub.Testing.Slack;

namespace ChatHub.Hub.Tests.Fuzz;

/// <summary>
/// An Events API request as far as the hub reads it (api.slack.com/apis/events-api: every request has a string
/// <c>type</c>; <c>url_verification</c> carries a string <c>challenge</c>; <c>event_callback</c> a <c>team_id</c>,
/// <c>event_id</c> and an <c>event</c> object whose members depend on its type, so it is read member by member), and
/// what may be published from one.
/// </summary>
public static class SlackOracle
{
    public const int MaxDepth = 64;

    public static readonly ObjectShape Envelope = new ObjectShape()
        .Member("type", JsonShape.Text, required: true, nullable: false)
        .Member("challenge", JsonShape.Text)
        .Member("team_id", JsonShape.Text)
        .Member("event_id", JsonShape.Text)
        .Member("event", JsonShape.Any);

    /// <summary>The shape's verdict, plus what the hub must refuse beyond types: a url_verification without a challenge of 1–1024 characters.</summary>
    public static Verdict Check(JsonElement root, Verdict verdict)
    {
        if (verdict == Verdict.Invalid || root.ValueKind != JsonValueKind.Object
            || !JsonShape.TryGetLast(root, "type", false, out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "url_verification")
        {
            return verdict;
        }

        return JsonShape.TryGetLast(root, "challenge", false, out var challenge) && JsonShape.TryGetString(challenge, out var text) && text is { Length: > 0 and <= 1024 }
            ? verdict
            : Verdict.Invalid;
    }

    /// <summary>Null when <paramref name="published"/> may come from <paramref name="root"/>, else why not.</summary>
    public static string? WhyNotPublishable(JsonElement root, InboundMessage published)
    {
        if (String(root, "type") != "event_callback" || !JsonShape.TryGetLast(root, "event", false, out var e) || e.ValueKind != JsonValueKind.Object)
        {
            return "published from a request that is not an event_callback with an event";
        }

        var type = String(e, "type");
        if (type != "app_mention" && !(type == "message" && String(e, "channel_type") == "im"))
        {
            return $"published from event type {type} (only app_mention and DMs are answered)";
        }

        if (JsonShape.TryGetLast(e, "subtype", false, out var subtype) && subtype.ValueKind != JsonValueKind.Null)
        {
            return "a message with a subtype (bot message, edit, join…) was published";
        }

        if ((JsonShape.TryGetLast(e, "bot_id", false, out var botId) && botId.ValueKind != JsonValueKind.Null) || String(e, "user") == FakeSlack.BotUserId)
        {
            return "a bot's or the bot's own message was published";
        }

        if (published.Conversation.ChatId != String(e, "channel") || published.PlatformMessageId != String(e, "ts")
            || published.From.UserId != String(e, "user") || published.Conversation.BotId != String(root, "team_id"))
        {
            return "published with a channel, ts, user or team that is not the event's";
        }

        var thread = String(e, "thread_ts") ?? (type == "app_mention" ? String(e, "ts") : null);
        return published.Conversation.ThreadId == thread ? null : "published in the wrong thread";
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && JsonShape.TryGetLast(element, name, false, out var value) && JsonShape.TryGetString(value, out var text) ? text : null;
}
