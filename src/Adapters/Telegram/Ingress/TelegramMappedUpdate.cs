using ChatHub.Conversation.Messages;

namespace ChatHub.Adapters.Telegram.Ingress;

/// <summary>
/// What an update means for the hub: an <see cref="InboundMessage"/> to publish, or the reason it is ignored;
/// plus, for a button press, the callback query id to answer either way.
/// </summary>
internal sealed record TelegramMappedUpdate(TelegramUpdateKind Kind, InboundMessage? Message, string? IgnoredReason, string? CallbackQueryId = null)
{
    public static TelegramMappedUpdate Ignored(TelegramUpdateKind kind, string reason, string? callbackQueryId = null) =>
        new(kind, null, reason, callbackQueryId);
}
