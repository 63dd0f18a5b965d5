using System.Text.Json.Nodes;

namespace ChatHub.Testing.Discord;

/// <summary>A message the bot posted, as the channel now shows it (edits applied).</summary>
public sealed record FakeDiscordMessage(string Id, string ChannelId, string Content, string? ReplyTo, string? Nonce, int Edits, JsonNode? AllowedMentions, JsonNode? Components = null)
{
    /// <summary>The labels of the message's buttons, row by row.</summary>
    public IReadOnlyList<string> ButtonLabels =>
        Components is JsonArray rows
            ? [.. rows.SelectMany(row => row?["components"] as JsonArray ?? []).Select(button => button?["label"]?.GetValue<string>() ?? "")]
            : [];
}
