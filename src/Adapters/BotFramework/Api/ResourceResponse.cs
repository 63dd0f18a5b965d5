namespace ChatHub.Adapters.BotFramework.Api;

/// <summary>The connector's answer to a posted activity: <c>{"id":"…"}</c>.</summary>
internal sealed class ResourceResponse
{
    public string? Id { get; set; }
}
