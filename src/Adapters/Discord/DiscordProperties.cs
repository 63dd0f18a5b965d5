namespace ChatHub.Adapters.Discord;

/// <summary>
/// Keys of the values the Discord ingress puts in <c>InboundMessage.Properties</c> for egress (copied to the
/// replies): small, never secret, never message text.
/// </summary>
public static class DiscordProperties
{
    /// <summary>The guild (server) id; absent for direct messages.</summary>
    public const string GuildId = "discord.guild_id";
}
