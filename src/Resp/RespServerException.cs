namespace ChatHub.Resp;

/// <summary>The server answered with an error reply, such as <c>WRONGTYPE ...</c> or <c>NOSCRIPT ...</c>.</summary>
public sealed class RespServerException : RespException
{
    public RespServerException()
        : this("ERR unknown error")
    {
    }

    /// <summary>Creates the exception from the server's full error text; the prefix is its first word.</summary>
    public RespServerException(string message)
        : base(message)
    {
        ServerMessage = message;
        var space = message.IndexOf(' ', StringComparison.Ordinal);
        Prefix = space < 0 ? message : message[..space];
    }

    public RespServerException(string message, Exception? innerException)
        : base(message, innerException)
    {
        ServerMessage = message;
        var space = message.IndexOf(' ', StringComparison.Ordinal);
        Prefix = space < 0 ? message : message[..space];
    }

    /// <summary>The error's first word, by convention its code: <c>ERR</c>, <c>WRONGTYPE</c>, <c>NOSCRIPT</c>, <c>NOAUTH</c>...</summary>
    public string Prefix { get; }

    /// <summary>The full error text as the server sent it (prefix included).</summary>
    public string ServerMessage { get; }
}
