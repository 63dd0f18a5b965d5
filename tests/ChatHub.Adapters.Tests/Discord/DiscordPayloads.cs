using System.Text.Json.Nodes;
using ChatHub.Testing.Discord;

namespace ChatHub.Adapters.Tests.Discord;

/// <summary>
/// MESSAGE_CREATE <c>d</c> payloads in the shapes of Discord's documentation (resources/message, events/gateway-events):
/// snowflakes as strings, <c>guild_id</c> and <c>member</c> only in servers, <c>mentions</c> with partial members.
/// </summary>
internal static class DiscordPayloads
{
    public const string UserId = "80351110224678912";
    public const string GuildId = "41771983423143937";

    public static JsonObject Dm(string id, string channelId, string content, string authorId = UserId, bool bot = false) => new()
    {
        ["id"] = id,
        ["channel_id"] = channelId,
        ["channel_type"] = 1,
        ["type"] = 0,
        ["content"] = content,
        ["timestamp"] = "2026-01-01T12:00:00.000000+00:00",
        ["edited_timestamp"] = null,
        ["tts"] = false,
        ["mention_everyone"] = false,
        ["mentions"] = new JsonArray(),
        ["mention_roles"] = new JsonArray(),
        ["attachments"] = new JsonArray(),
        ["embeds"] = new JsonArray(),
        ["pinned"] = false,
        ["flags"] = 0,
        ["author"] = Author(authorId, bot),
    };

    /// <summary>A server message; with <paramref name="mentionBot"/> it starts with <c>&lt;@bot&gt;</c> and lists the bot in <c>mentions</c>.</summary>
    public static JsonObject Guild(string id, string channelId, string content, bool mentionBot = true, string authorId = UserId, bool bot = false)
    {
        var message = Dm(id, channelId, mentionBot ? $"<@{FakeDiscord.BotUserId}> {content}" : content, authorId, bot);
        message["channel_type"] = 0;
        message["guild_id"] = GuildId;
        message["member"] = new JsonObject { ["nick"] = "Nelly", ["roles"] = new JsonArray(), ["joined_at"] = "2025-01-01T00:00:00+00:00" };
        if (mentionBot)
        {
            message["mentions"] = new JsonArray(new JsonObject
            {
                ["id"] = FakeDiscord.BotUserId,
                ["username"] = FakeDiscord.BotUsername,
                ["discriminator"] = "0",
                ["bot"] = true,
                ["member"] = new JsonObject { ["roles"] = new JsonArray() },
            });
        }

        return message;
    }

    private static JsonObject Author(string id, bool bot)
    {
        var author = new JsonObject
        {
            ["id"] = id,
            ["username"] = bot ? "otherbot" : "nelly",
            ["global_name"] = bot ? null : "Nelly N.",
            ["discriminator"] = "0",
            ["avatar"] = "8342729096ea3675442027381ff50dfe",
        };
        if (bot)
        {
            author["bot"] = true;
        }

        return author;
    }
}
