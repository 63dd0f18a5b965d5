using System.Text.Json.Nodes;

namespace ChatHub.Testing.Discord;

/// <summary>A message the bot posted, as the channel now shows it (edits applied).</summary>
public sealed record FakeDiscordMessage(string Id, string ChannelId, string Content, string? ReplyTo, string? Nonce, int Edits, JsonNode? AllowedMentions);
