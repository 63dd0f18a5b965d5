namespace ChatHub.Adapters.BotFramework.Egress;

/// <summary>The outcome of one call, as a value: the value (a posted activity's id, an access token) or the error.</summary>
internal readonly record struct ConnectorResult<T>(T? Value, ConnectorError? Error)
{
    public static ConnectorResult<T> Ok(T value) => new(value, null);

    public static ConnectorResult<T> Fail(ConnectorError error) => new(default, error);
}
