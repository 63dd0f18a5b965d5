namespace ChatHub.Adapters.Telegram.BotApi;

/// <summary><c>sendChatAction</c>: shows "typing…" for up to 5 s or until the bot's next message.</summary>
internal sealed record SendChatActionRequest
{
    public long ChatId { get; init; }

    public string Action { get; init; } = "typing";

    public long? MessageThreadId { get; init; }
}
