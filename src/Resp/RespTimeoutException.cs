namespace ChatHub.Resp;

/// <summary>
/// No reply arrived within the command timeout. The command may still have run on the server: it keeps its slot in
/// the connection's reply queue and its reply is discarded when it arrives.
/// </summary>
public sealed class RespTimeoutException : RespException
{
    public RespTimeoutException()
    {
    }

    public RespTimeoutException(string message)
        : base(message)
    {
    }

    public RespTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
