using System.Text.Json.Nodes;
using ChatHub.Hub.Tests.Infrastructure;

namespace ChatHub.Hub.Tests.Telegram;

/// <summary>Telegram Update payloads for hub tests: the recorded shapes under the adapter tests' Payloads, and built ones.</summary>
internal static class TelegramUpdates
{
    private static long _nextUpdateId = 800_000_000;

    public static long NextUpdateId() => Interlocked.Increment(ref _nextUpdateId);

    /// <summary>A payload file of tests/ChatHub.Adapters.Tests/Payloads/telegram (one set of recorded shapes for both suites).</summary>
    public static string Payload(string name) =>
        File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "ChatHub.Adapters.Tests", "Payloads", "telegram", name + ".json"));

    public static string Private(long chatId, long messageId, string text, long? updateId = null) =>
        Update(updateId, "message", Message(chatId, "private", messageId, text));

    public static string Group(long chatId, long messageId, string text, string type = "supergroup", long? updateId = null, long? fromId = null) =>
        Update(updateId, "message", Message(chatId, type, messageId, text, commandLength: text.StartsWith('/') ? text.Split(' ')[0].Length : 0, fromId: fromId));

    public static string Edited(long chatId, long messageId, string text, long editDate, long? updateId = null)
    {
        var message = Message(chatId, "private", messageId, text);
        message["edit_date"] = editDate;
        return Update(updateId, "edited_message", message);
    }

    private static string Update(long? updateId, string field, JsonObject message) =>
        new JsonObject { ["update_id"] = updateId ?? NextUpdateId(), [field] = message }.ToJsonString();

    private static JsonObject Message(long chatId, string type, long messageId, string text, int commandLength = 0, long? fromId = null)
    {
        var userId = fromId ?? (type == "private" ? chatId : 7000000001);
        var message = new JsonObject
        {
            ["message_id"] = messageId,
            ["from"] = new JsonObject { ["id"] = userId, ["is_bot"] = false, ["first_name"] = "Test", ["language_code"] = "en" },
            ["chat"] = type == "private"
                ? new JsonObject { ["id"] = chatId, ["first_name"] = "Test", ["type"] = "private" }
                : new JsonObject { ["id"] = chatId, ["title"] = "Test group", ["type"] = type },
            ["date"] = 1767225600,
            ["text"] = text,
        };
        if (commandLength > 0)
        {
            message["entities"] = new JsonArray(new JsonObject { ["offset"] = 0, ["length"] = commandLength, ["type"] = "bot_command" });
        }

        return message;
    }
}
