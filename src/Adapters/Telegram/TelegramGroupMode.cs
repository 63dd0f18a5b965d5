namespace ChatHub.Adapters.Telegram;

/// <summary>Which messages in groups, supergroups and channels the bot answers.</summary>
public enum TelegramGroupMode
{
    /// <summary>Commands (<c>/cmd</c>, <c>/cmd@ThisBot</c>), messages that mention the bot, and replies to its messages.</summary>
    Addressed = 0,

    /// <summary>Every message it can see (needs privacy mode off, or the bot as admin).</summary>
    All = 1,
}
