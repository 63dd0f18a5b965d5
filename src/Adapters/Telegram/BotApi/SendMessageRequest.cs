namespace ChatHub.Adapters.Telegram.BotApi;

/// <summary>
/// <c>sendMessage</c>. Plain text only: no <c>parse_mode</c> and no entities, so model output can never inject
/// formatting or links that the text does not show.
/// </summary>
internal sealed record SendMessageRequest
{
    public long ChatId { get; init; }

    public required string Text { get; init; }

    public long? MessageThreadId { get; init; }

    public ReplyParameters? ReplyParameters { get; init; }
}
