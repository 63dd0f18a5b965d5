namespace ChatHub.Adapters.Telegram.BotApi;

/// <summary>A press on an inline keyboard button. Must always be answered with <c>answerCallbackQuery</c>.</summary>
internal sealed record CallbackQuery
{
    public required string Id { get; init; }

    public required User From { get; init; }

    /// <summary>The message with the button; may be an inaccessible stub (date 0) or absent (inline messages).</summary>
    public Message? Message { get; init; }

    public string? InlineMessageId { get; init; }

    public string? ChatInstance { get; init; }

    /// <summary>The button's callback_data (1–64 bytes).</summary>
    public string? Data { get; init; }
}
