using Telegram.Bot.Types.Enums;

namespace ChatHub.Adapters.Telegram.Api;

/// <summary>The Bot API's names of chat types, as the hub carries them in <see cref="TelegramProperties.ChatType"/>.</summary>
internal static class ChatTypes
{
    public const string Private = "private";
    public const string Channel = "channel";

    /// <summary>private, group, supergroup, channel or sender; unknown for a type this library version does not know.</summary>
    public static string Name(ChatType type) => type switch
    {
        ChatType.Private => Private,
        ChatType.Group => "group",
        ChatType.Supergroup => "supergroup",
        ChatType.Channel => Channel,
        ChatType.Sender => "sender",
        _ => "unknown",
    };
}
