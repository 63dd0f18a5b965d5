namespace ChatHub.Adapters.WebChat;

/// <summary>What <c>Send</c> returns: accepted (a reply will follow), or the reason it was not.</summary>
public sealed record WebChatSendResult(bool Accepted, string? Error)
{
    public static WebChatSendResult Ok { get; } = new(true, null);

    public static WebChatSendResult Failed(string error) => new(false, error);
}
