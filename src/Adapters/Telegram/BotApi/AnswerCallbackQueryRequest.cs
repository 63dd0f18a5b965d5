namespace ChatHub.Adapters.Telegram.BotApi;

/// <summary><c>answerCallbackQuery</c>: stops the button's spinner.</summary>
internal sealed record AnswerCallbackQueryRequest
{
    public required string CallbackQueryId { get; init; }

    public string? Text { get; init; }
}
