using ChatHub.Conversation.Messages;

namespace ChatHub.Adapters.Telegram.Ingress;

/// <summary>
/// What an update means for the hub: an <see cref="InboundMessage"/> to publish, or the reason it is ignored;
/// plus, for a button press, the callback query id to answer either way. <see cref="Refused"/>: ignored because it
/// does not match what the bot sent (a button that is not on its message, pressed in another person's chat).
/// </summary>
internal sealed record TelegramMappedUpdate(TelegramUpdateKind Kind, InboundMessage? Message, string? IgnoredReason, string? CallbackQueryId = null)
{
    public bool Refused { get; init; }

    public static TelegramMappedUpdate Ignored(TelegramUpdateKind kind, string reason, string? callbackQueryId = null) =>
        new(kind, null, reason, callbackQueryId);

    public static TelegramMappedUpdate RefusedCallback(string reason, string callbackQueryId) =>
        new(TelegramUpdateKind.CallbackQuery, null, reason, callbackQueryId) { Refused = true };
}
