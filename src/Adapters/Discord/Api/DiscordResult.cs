namespace ChatHub.Adapters.Discord.Api;

/// <summary>The outcome of a REST call: the value, or a <see cref="DiscordError"/>.</summary>
internal readonly record struct DiscordResult<T>(T? Value, DiscordError? Error)
{
    public bool IsOk => Error is null;

    public static DiscordResult<T> Ok(T value) => new(value, null);

    public static DiscordResult<T> Fail(DiscordError error) => new(default, error);
}
