namespace ChatHub.Resp;

/// <summary>
/// The connection is down (lost, not yet re-established, or the client was disposed). A command that fails with it may
/// or may not have run on the server.
/// </summary>
public sealed class RespConnectionException : RespException
{
    public RespConnectionException()
    {
    }

    public RespConnectionException(string message)
        : base(message)
    {
    }

    public RespConnectionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
