namespace ChatHub.Adapters.Telegram;

/// <summary>
/// Keys of the values the Telegram ingress puts in <c>InboundMessage.Properties</c> for egress (copied to the
/// replies): small, never secret, never message text.
/// </summary>
public static class TelegramProperties
{
    /// <summary>private, group, supergroup or channel.</summary>
    public const string ChatType = "telegram.chat_type";
}
