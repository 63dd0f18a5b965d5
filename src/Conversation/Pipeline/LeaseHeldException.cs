namespace ChatHub.Conversation.Pipeline;

/// <summary>
/// Transient: another node still holds the lease of this step after a whole lease period (clock skew, a lease
/// renewed by a takeover). The bus handler retries the message later; it is not an error of the message.
/// </summary>
public sealed class LeaseHeldException : Exception
{
    public LeaseHeldException()
    {
    }

    public LeaseHeldException(string key)
        : base($"{key} is leased by another node.")
    {
        Key = key;
    }

    public LeaseHeldException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public string? Key { get; }
}
