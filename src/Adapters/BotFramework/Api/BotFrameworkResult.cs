namespace ChatHub.Adapters.BotFramework.Api;

/// <summary>The outcome of one call, as a value: the value (a posted activity's id, an access token) or the error.</summary>
internal readonly record struct BotFrameworkResult<T>(T? Value, BotFrameworkError? Error)
{
    public static BotFrameworkResult<T> Ok(T value) => new(value, null);

    public static BotFrameworkResult<T> Fail(BotFrameworkError error) => new(default, error);
}
