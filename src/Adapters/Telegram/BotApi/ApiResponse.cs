namespace ChatHub.Adapters.Telegram.BotApi;

/// <summary>Every Bot API answer: <c>{"ok":true,"result":…}</c> or <c>{"ok":false,"error_code":…,"description":…}</c>.</summary>
internal sealed record ApiResponse<T>
{
    public bool Ok { get; init; }

    public T? Result { get; init; }

    public int? ErrorCode { get; init; }

    public string? Description { get; init; }

    public ResponseParameters? Parameters { get; init; }
}
