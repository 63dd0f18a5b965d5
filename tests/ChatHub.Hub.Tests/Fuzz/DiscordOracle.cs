using System.Text.Json;
using ChatHub.Conversation.Messages;

namespace ChatHub.Hub.Tests.Fuzz;

/// <summary>
/// MESSAGE_CREATE's <c>d</c> as far as the hub reads it (discord-api-docs resources/message: <c>id</c>,
/// <c>channel_id</c>, <c>type</c> and <c>author.id</c> are always present), and what may be published from one.
/// </summary>
public static class DiscordOracle
{
    public const int MaxDepth = 64;

    private static readonly ObjectShape User = new ObjectShape()
        .Member("id", JsonShape.Text, required: true, nullable: false)
        .Member("username", JsonShape.Text)
        .Member("global_name", JsonShape.Text)
        .Member("bot", JsonShape.Bool);

    private static readonly ObjectShape Reference = new ObjectShape()
        .Member("message_id", JsonShape.Text).Member("channel_id", JsonShape.Text).Member("guild_id", JsonShape.Text).Member("fail_if_not_exists", JsonShape.Bool);

    private static readonly ObjectShape Attachment = new ObjectShape()
        .Member("id", JsonShape.Text, required: true, nullable: false)
        .Member("content_type", JsonShape.Text)
        .Member("size", JsonShape.Integer64)
        .Member("url", JsonShape.Text)
        .Member("duration_secs", JsonShape.Number);

    public static readonly ObjectShape Message = BuildMessage();

    /// <summary>Null when <paramref name="published"/> may come from <paramref name="d"/>, else why not.</summary>
    public static string? WhyNotPublishable(JsonElement d, InboundMessage published, string botId)
    {
        var author = Get(d, "author");
        if (author.ValueKind != JsonValueKind.Object || String(author, "id") is not { } authorId || authorId == botId)
        {
            return "a message without an author, or the bot's own, was published";
        }

        if ((JsonShape.TryGetLast(author, "bot", false, out var bot) && bot.ValueKind == JsonValueKind.True) || String(d, "webhook_id") is not null)
        {
            return "a bot's or webhook's message was published";
        }

        if (!JsonShape.TryGetLast(d, "type", false, out var type) || !type.TryGetInt32(out var kind) || kind is not (0 or 19))
        {
            return "a system message was published";
        }

        var content = String(d, "content") ?? "";
        var image = JsonShape.TryGetLast(d, "attachments", false, out var attachments) && attachments.ValueKind == JsonValueKind.Array
            && attachments.EnumerateArray().Any(a => !string.IsNullOrEmpty(String(a, "id"))
                && String(a, "content_type")?.TrimStart().StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true);
        var voice = JsonShape.TryGetLast(d, "flags", false, out var flags) && flags.ValueKind == JsonValueKind.Number && flags.TryGetInt64(out var bits)
            && (bits & (1 << 13)) != 0 && attachments.ValueKind == JsonValueKind.Array
            && attachments.EnumerateArray().Any(a => !string.IsNullOrEmpty(String(a, "id"))
                && String(a, "content_type")?.TrimStart().StartsWith("audio/", StringComparison.OrdinalIgnoreCase) == true);
        if (string.IsNullOrWhiteSpace(content) && !image && !voice)
        {
            return "a message without content, an image or a voice message was published";
        }

        var guild = String(d, "guild_id") is not null;
        var mentioned = (JsonShape.TryGetLast(d, "mentions", false, out var mentions) && mentions.ValueKind == JsonValueKind.Array
                && mentions.EnumerateArray().Any(m => String(m, "id") == botId))
            || content.Contains($"<@{botId}>", StringComparison.Ordinal) || content.Contains($"<@!{botId}>", StringComparison.Ordinal)
            || String(Get(Get(d, "referenced_message"), "author"), "id") == botId;
        if (guild && !mentioned)
        {
            return "an unaddressed server message was published";
        }

        if (published.Conversation.ChatId != String(d, "channel_id"))
        {
            return "published to another channel than the message's";
        }

        var priority = guild ? MessagePriority.Bulk : MessagePriority.Interactive;
        return published.Priority == priority ? null : $"published with priority {published.Priority} (server message: {guild})";
    }

    private static ObjectShape BuildMessage()
    {
        var message = new ObjectShape();
        return message
            .Member("id", JsonShape.Text, required: true, nullable: false)
            .Member("channel_id", JsonShape.Text, required: true, nullable: false)
            .Member("guild_id", JsonShape.Text)
            .Member("author", User)
            .Member("member", new ObjectShape().Member("nick", JsonShape.Text))
            .Member("content", JsonShape.Text)
            .Member("type", JsonShape.Integer32, required: true, nullable: false)
            .Member("mentions", new ArrayShape(User))
            .Member("attachments", new ArrayShape(Attachment))
            .Member("mention_everyone", JsonShape.Bool)
            .Member("flags", JsonShape.Integer64)
            .Member("timestamp", JsonShape.Text)
            .Member("webhook_id", JsonShape.Text)
            .Member("message_reference", Reference)
            .Member("referenced_message", () => message);
    }

    private static JsonElement Get(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && JsonShape.TryGetLast(parent, name, false, out var value) ? value : default;

    private static string? String(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && JsonShape.TryGetLast(parent, name, false, out var value) && JsonShape.TryGetString(value, out var text) ? text : null;
}
