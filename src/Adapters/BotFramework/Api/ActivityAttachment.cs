namespace ChatHub.Adapters.BotFramework.Api;

/// <summary>
/// An attachment of an incoming activity (only <c>contentType</c>, <c>contentUrl</c> and <c>name</c> are read). Teams sends a
/// pasted picture as <c>{"contentType":"image/*","contentUrl":"https://smba.trafficmanager.net/…/v3/attachments/…/views/original"}</c>,
/// beside a <c>text/html</c> attachment with the message's markup.
/// </summary>
internal sealed class ActivityAttachment
{
    public string? ContentType { get; set; }

    public string? ContentUrl { get; set; }

    public string? Name { get; set; }
}
