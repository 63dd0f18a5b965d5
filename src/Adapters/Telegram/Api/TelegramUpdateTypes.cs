using Telegram.Bot.Types.Enums;

namespace ChatHub.Adapters.Telegram.Api;

/// <summary>The update types the hub subscribes to (setWebhook and getUpdates <c>allowed_updates</c>).</summary>
internal static class TelegramUpdateTypes
{
    public static readonly IReadOnlyList<UpdateType> Allowed =
        [UpdateType.Message, UpdateType.EditedMessage, UpdateType.ChannelPost, UpdateType.EditedChannelPost, UpdateType.CallbackQuery];
}
