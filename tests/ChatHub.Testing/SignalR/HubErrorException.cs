namespace ChatHub.Testing.SignalR;

/// <summary>A hub invocation completed with an error.</summary>
public sealed class HubErrorException : Exception
{
    public HubErrorException()
    {
    }

    public HubErrorException(string? message)
        : base(message)
    {
    }

    public HubErrorException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
