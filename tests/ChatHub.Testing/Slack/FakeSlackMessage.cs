using System.Text.Json.Nodes;

namespace ChatHub.Testing.Slack;

/// <summary>A message the bot posted, as the channel shows it now (edits applied).</summary>
public sealed record FakeSlackMessage(string Channel, string Ts, string? ThreadTs, string Text, int Edits, JsonArray? Blocks = null)
{
    /// <summary>The texts of the message's buttons (its actions blocks).</summary>
    public IReadOnlyList<string> ButtonTexts =>
        Blocks is null
            ? []
            : [.. Blocks.Where(b => b?["type"]?.GetValue<string>() == "actions").SelectMany(b => b!["elements"] as JsonArray ?? [])
                .Select(e => e?["text"]?["text"]?.GetValue<string>() ?? "")];

    /// <summary>The message as Slack sends it inside an interaction payload (a bot's message: <c>user</c> and <c>bot_id</c>).</summary>
    public JsonObject ToJson() => new()
    {
        ["type"] = "message", ["subtype"] = "bot_message", ["text"] = Text, ["ts"] = Ts, ["thread_ts"] = ThreadTs,
        ["user"] = FakeSlack.BotUserId, ["bot_id"] = FakeSlack.BotId, ["team"] = FakeSlack.TeamId, ["blocks"] = Blocks?.DeepClone() ?? new JsonArray(),
    };
}
