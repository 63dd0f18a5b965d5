namespace ChatHub.Adapters.Discord;

/// <summary>Which messages in server (guild) channels the bot answers. Direct messages are always answered.</summary>
public enum DiscordGuildMode
{
    /// <summary>Messages that mention the bot (<c>&lt;@id&gt;</c>) or reply to one of its messages.</summary>
    Mentioned = 0,

    /// <summary>Every message in the channels the bot can read (needs the MESSAGE_CONTENT intent).</summary>
    All = 1,
}
