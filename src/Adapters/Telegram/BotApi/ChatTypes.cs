namespace ChatHub.Adapters.Telegram.BotApi;

/// <summary>The values of <see cref="Chat.Type"/>.</summary>
internal static class ChatTypes
{
    public const string Private = "private";
    public const string Group = "group";
    public const string Supergroup = "supergroup";
    public const string Channel = "channel";
}
