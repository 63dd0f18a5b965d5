using System.Text.Json;
using ChatHub.Conversation.Messages;
using ChatHub.Testing.BotFramework;

namespace ChatHub.Hub.Tests.Fuzz;

/// <summary>
/// The Activity schema as far as the hub reads it (Bot Framework activity spec; member names are matched
/// case-insensitively, as the Bot Framework SDKs do), plus the hub's documented rules on top of the schema:
/// a non-empty <c>type</c>; the token's serviceurl must equal the activity's (401) and its key must endorse the
/// channelId (403); with TenantId set, conversation.tenantId and channelData.tenant.id must be that tenant when
/// present, and a Teams activity must name one (403); a message needs id, serviceUrl, conversation.id and from.id (400).
/// </summary>
public static class BotFrameworkOracle
{
    public const int MaxDepth = 32;

    private static readonly ObjectShape Account = new ObjectShape(IgnoreCase: true)
        .Member("id", JsonShape.Text).Member("name", JsonShape.Text).Member("aadObjectId", JsonShape.Text).Member("role", JsonShape.Text);

    private static readonly ObjectShape ConversationAccount = new ObjectShape(IgnoreCase: true)
        .Member("id", JsonShape.Text).Member("isGroup", JsonShape.Bool).Member("conversationType", JsonShape.Text)
        .Member("tenantId", JsonShape.Text).Member("name", JsonShape.Text);

    private static readonly ObjectShape Entity = new ObjectShape(IgnoreCase: true)
        .Member("type", JsonShape.Text).Member("mentioned", Account).Member("text", JsonShape.Text);

    public static readonly ObjectShape Activity = new ObjectShape(IgnoreCase: true)
        .Member("type", JsonShape.Text).Member("id", JsonShape.Text).Member("timestamp", JsonShape.Date)
        .Member("serviceUrl", JsonShape.Text).Member("channelId", JsonShape.Text).Member("from", Account).Member("recipient", Account)
        .Member("conversation", ConversationAccount).Member("text", JsonShape.Text).Member("textFormat", JsonShape.Text)
        .Member("locale", JsonShape.Text).Member("replyToId", JsonShape.Text).Member("entities", new ArrayShape(Entity))
        .Member("attachments", new ArrayShape(new ObjectShape(IgnoreCase: true).Member("contentType", JsonShape.Text).Member("contentUrl", JsonShape.Text).Member("name", JsonShape.Text)))
        .Member("membersAdded", new ArrayShape(Account)).Member("channelData", JsonShape.Any);

    private static readonly string[] Endorsed = ["msteams", "webchat", "directline", "emulator"];

    /// <summary>The verdict: schema first, then the hub's rules (which all end in a 4xx when broken).</summary>
    public static Verdict Judge(byte[] body, string serviceUrl, out JsonDocument? document)
    {
        (var verdict, document) = JsonShape.Check(body, Activity, MaxDepth);
        if (verdict == Verdict.Invalid || document is null)
        {
            return Verdict.Invalid;
        }

        var root = document.RootElement;
        if (String(root, "type") is not { Length: > 0 } type
            || !string.Equals(String(root, "serviceUrl")?.TrimEnd('/'), serviceUrl.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)
            || !Endorsed.Contains(String(root, "channelId"), StringComparer.OrdinalIgnoreCase))
        {
            return Verdict.Invalid;
        }

        string?[] tenants = [String(Get(root, "conversation"), "tenantId"), ChannelDataTenantId(root)];
        if (tenants.Any(t => t is not null && !string.Equals(t, FakeTokenIssuer.TenantId, StringComparison.OrdinalIgnoreCase))
            || (string.Equals(String(root, "channelId"), "msteams", StringComparison.OrdinalIgnoreCase) && tenants.All(string.IsNullOrEmpty)))
        {
            return Verdict.Invalid;
        }

        if (type == "message" && (String(root, "id") is not { Length: > 0 } || String(Get(root, "conversation"), "id") is not { Length: > 0 }
            || String(Get(root, "from"), "id") is not { Length: > 0 }))
        {
            return Verdict.Invalid;
        }

        // A conversationUpdate is only checked further when it adds the bot; leave that distinction to the adapter.
        return type == "conversationUpdate" && String(Get(root, "conversation"), "id") is not { Length: > 0 } ? Verdict.Unknown : verdict;
    }

    /// <summary>Null when <paramref name="published"/> may come from <paramref name="activity"/>, else why not.</summary>
    public static string? WhyNotPublishable(JsonElement activity, InboundMessage published, string appId)
    {
        if (String(activity, "type") != "message")
        {
            return "a non-message activity was published";
        }

        var image = JsonShape.TryGetLast(activity, "attachments", true, out var attachments) && attachments.ValueKind == JsonValueKind.Array
            && attachments.EnumerateArray().Any(a => !string.IsNullOrEmpty(String(a, "contentUrl"))
                && String(a, "contentType")?.TrimStart().StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true);
        if (string.IsNullOrWhiteSpace(String(activity, "text")) && !image)
        {
            return "an activity without text or an image was published";
        }

        var from = Get(activity, "from");
        var recipientId = String(Get(activity, "recipient"), "id");
        if (string.Equals(String(from, "role"), "bot", StringComparison.OrdinalIgnoreCase) || (recipientId is not null && String(from, "id") == recipientId))
        {
            return "a bot's activity was published";
        }

        var conversation = Get(activity, "conversation");
        var group = String(conversation, "conversationType") is "groupChat" or "channel"
            || (JsonShape.TryGetLast(conversation, "isGroup", true, out var isGroup) && isGroup.ValueKind == JsonValueKind.True);
        if (group && !MentionsBot(activity, recipientId, appId))
        {
            return "an unaddressed group message was published";
        }

        if (published.Conversation.ChatId != String(conversation, "id"))
        {
            return "published to another conversation than the activity's";
        }

        var priority = group ? MessagePriority.Bulk : MessagePriority.Interactive;
        return published.Priority == priority ? null : $"published with priority {published.Priority} (group: {group})";
    }

    private static bool MentionsBot(JsonElement activity, string? recipientId, string appId) =>
        JsonShape.TryGetLast(activity, "entities", true, out var entities) && entities.ValueKind == JsonValueKind.Array
        && entities.EnumerateArray().Any(e =>
            e.ValueKind == JsonValueKind.Object
            && string.Equals(String(e, "type"), "mention", StringComparison.OrdinalIgnoreCase)
            && !string.IsNullOrEmpty(String(e, "text"))
            && String(Get(e, "mentioned"), "id") is { Length: > 0 } id
            && (id == recipientId || id == appId || id == "28:" + appId));

    /// <summary><c>channelData.tenant.id</c>: the hub reads channel data as it comes, with case-sensitive names.</summary>
    private static string? ChannelDataTenantId(JsonElement root)
    {
        var data = Get(root, "channelData");
        return data.ValueKind == JsonValueKind.Object && JsonShape.TryGetLast(data, "tenant", false, out var tenant)
            && tenant.ValueKind == JsonValueKind.Object && JsonShape.TryGetLast(tenant, "id", false, out var id)
            && JsonShape.TryGetString(id, out var text) ? text : null;
    }

    private static JsonElement Get(JsonElement parent, string name) =>
        JsonShape.TryGetLast(parent, name, true, out var value) ? value : default;

    private static string? String(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && JsonShape.TryGetLast(parent, name, true, out var value) && JsonShape.TryGetString(value, out var text) ? text : null;
}
