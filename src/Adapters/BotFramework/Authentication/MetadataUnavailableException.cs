namespace ChatHub.Adapters.BotFramework.Authentication;

/// <summary>No signing keys could be fetched yet: inbound activities cannot be verified (answered 503, not 401).</summary>
public sealed class MetadataUnavailableException : Exception
{
    public MetadataUnavailableException()
    {
    }

    public MetadataUnavailableException(string message)
        : base(message)
    {
    }

    public MetadataUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
