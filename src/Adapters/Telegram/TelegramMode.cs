namespace ChatHub.Adapters.Telegram;

/// <summary>How updates arrive. The two are mutually exclusive on Telegram's side for one token.</summary>
public enum TelegramMode
{
    /// <summary>Telegram POSTs each update to <c>/webhooks/telegram</c> (production).</summary>
    Webhook = 0,

    /// <summary>The hub long-polls <c>getUpdates</c> (development, or no public URL).</summary>
    Polling = 1,
}
