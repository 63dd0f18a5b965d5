namespace ChatHub.Conversation.Pipeline;

/// <summary>Raised inside egress to hand a transient send failure to the bus retry policy.</summary>
public sealed class TransientSendException : Exception
{
    public TransientSendException()
    {
    }

    public TransientSendException(string message)
        : base(message)
    {
    }

    public TransientSendException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
