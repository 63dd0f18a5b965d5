namespace ChatHub.Adapters.Telegram.BotApi;

/// <summary>The update types the hub subscribes to (setWebhook and getUpdates <c>allowed_updates</c>).</summary>
internal static class TelegramUpdateTypes
{
    public static readonly IReadOnlyList<string> Allowed =
        ["message", "edited_message", "channel_post", "edited_channel_post", "callback_query"];
}
