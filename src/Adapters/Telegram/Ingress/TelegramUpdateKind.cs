namespace ChatHub.Adapters.Telegram.Ingress;

/// <summary>Which payload of an update was mapped.</summary>
internal enum TelegramUpdateKind
{
    Unknown = 0,
    Message,
    EditedMessage,
    ChannelPost,
    EditedChannelPost,
    CallbackQuery,
}
