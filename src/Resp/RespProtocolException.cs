namespace ChatHub.Resp;

/// <summary>The bytes received are not valid RESP, or exceed a configured cap. The connection that saw them is dropped.</summary>
public sealed class RespProtocolException : RespException
{
    public RespProtocolException()
    {
    }

    public RespProtocolException(string message)
        : base(message)
    {
    }

    public RespProtocolException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
