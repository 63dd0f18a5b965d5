namespace ChatHub.Resp;

/// <summary>Base type of every exception the RESP client throws on purpose.</summary>
public class RespException : Exception
{
    public RespException()
    {
    }

    public RespException(string message)
        : base(message)
    {
    }

    public RespException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
