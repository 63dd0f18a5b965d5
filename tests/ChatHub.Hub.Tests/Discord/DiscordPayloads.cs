using System.Globalization;
using System.Text.Json.Nodes;
using ChatHub.Testing.Discord;

namespace ChatHub.Hub.Tests.Discord;

/// <summary>MESSAGE_CREATE <c>d</c> payloads in the shapes of Discord's documentation, for hub tests.</summary>
internal static class DiscordPayloads
{
    public const string UserId = "80351110224678912";
    public const string GuildId = "41771983423143937";

    private static long _nextId = 820_000_000_000_000_000;

    public static string NextId() => Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);

    public static JsonObject Dm(string id, string channelId, string content, string authorId = UserId, bool bot = false)
    {
        var author = new JsonObject { ["id"] = authorId, ["username"] = bot ? "otherbot" : "nelly", ["global_name"] = bot ? null : "Nelly N.", ["discriminator"] = "0" };
        if (bot)
        {
            author["bot"] = true;
        }

        return new JsonObject
        {
            ["id"] = id,
            ["channel_id"] = channelId,
            ["channel_type"] = 1,
            ["type"] = 0,
            ["content"] = content,
            ["timestamp"] = "2026-01-01T12:00:00.000000+00:00",
            ["mention_everyone"] = false,
            ["mentions"] = new JsonArray(),
            ["mention_roles"] = new JsonArray(),
            ["attachments"] = new JsonArray(),
            ["embeds"] = new JsonArray(),
            ["author"] = author,
        };
    }

    /// <summary>A server message; with <paramref name="mentionBot"/> it starts with <c>&lt;@bot&gt;</c> and lists the bot in <c>mentions</c>.</summary>
    public static JsonObject Guild(string id, string channelId, string content, bool mentionBot = true, string authorId = UserId, bool bot = false)
    {
        var message = Dm(id, channelId, mentionBot ? $"<@{FakeDiscord.BotUserId}> {content}" : content, authorId, bot);
        message["channel_type"] = 0;
        message["guild_id"] = GuildId;
        message["member"] = new JsonObject { ["nick"] = "Nelly", ["roles"] = new JsonArray() };
        if (mentionBot)
        {
            message["mentions"] = new JsonArray(new JsonObject { ["id"] = FakeDiscord.BotUserId, ["username"] = FakeDiscord.BotUsername, ["bot"] = true });
        }

        return message;
    }
}
