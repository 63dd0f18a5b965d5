namespace ChatHub.Adapters.Slack.Api;

/// <summary>The outcome of a Web API call: the answer, or a <see cref="SlackError"/>.</summary>
internal readonly record struct SlackResult<T>(T? Value, SlackError? Error)
{
    public bool IsOk => Error is null;

    public static SlackResult<T> Ok(T value) => new(value, null);

    public static SlackResult<T> Fail(SlackError error) => new(default, error);
}
