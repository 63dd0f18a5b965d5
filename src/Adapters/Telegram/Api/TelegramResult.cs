namespace ChatHub.Adapters.Telegram.Api;

/// <summary>The outcome of a Bot API call: the result, or a <see cref="TelegramError"/>.</summary>
internal readonly record struct TelegramResult<T>(T? Value, TelegramError? Error)
{
    public bool IsOk => Error is null;

    public static TelegramResult<T> Ok(T value) => new(value, null);

    public static TelegramResult<T> Fail(TelegramError error) => new(default, error);
}
