namespace ChatHub.Adapters.Telegram.BotApi;

/// <summary><c>editMessageText</c> for a message the bot sent to a chat (streamed replies).</summary>
internal sealed record EditMessageTextRequest
{
    public long ChatId { get; init; }

    public long MessageId { get; init; }

    public required string Text { get; init; }
}
