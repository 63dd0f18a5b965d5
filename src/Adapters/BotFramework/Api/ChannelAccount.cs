namespace ChatHub.Adapters.BotFramework.Api;

/// <summary>A user or bot: <c>29:…</c> for Teams users, <c>28:{appId}</c> for the bot.</summary>
internal sealed class ChannelAccount
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? AadObjectId { get; set; }

    public string? Role { get; set; }
}
