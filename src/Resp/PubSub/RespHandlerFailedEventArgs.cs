namespace ChatHub.Resp.PubSub;

/// <summary>A subscription handler threw; the message is dropped and delivery goes on.</summary>
public sealed class RespHandlerFailedEventArgs : EventArgs
{
    public RespHandlerFailedEventArgs(string channel, Exception exception)
    {
        Channel = channel;
        Exception = exception;
    }

    /// <summary>The subscribed channel or pattern.</summary>
    public string Channel { get; }

    public Exception Exception { get; }
}
