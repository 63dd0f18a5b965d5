namespace ChatHub.Redis.PubSub;

/// <summary>A subscription's handler threw; the message is dropped and delivery goes on.</summary>
public sealed class RedisHandlerFailedEventArgs(string channel, Exception exception) : EventArgs
{
    public string Channel { get; } = channel;

    public Exception Exception { get; } = exception;
}
