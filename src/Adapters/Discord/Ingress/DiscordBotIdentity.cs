namespace ChatHub.Adapters.Discord.Ingress;

/// <summary>
/// Who the bot is: its user id and name, and its application id, from READY. The user id is the conversation's
/// bot id and tells the bot's own messages and mentions apart. Messages arrive only after READY, so ingress
/// always sees it known.
/// </summary>
internal sealed class DiscordBotIdentity
{
    private volatile Snapshot? _current;

    public DiscordBotIdentity()
    {
    }

    /// <summary>For tests and the mapper: an identity already known.</summary>
    internal DiscordBotIdentity(string userId, string username, string? applicationId = null) => Set(userId, username, applicationId);

    public string? UserId => _current?.UserId;

    public string? Username => _current?.Username;

    public string? ApplicationId => _current?.ApplicationId;

    public bool IsKnown => _current is not null;

    public void Set(string userId, string? username, string? applicationId) =>
        _current = new Snapshot(userId, username ?? userId, applicationId);

    private sealed record Snapshot(string UserId, string Username, string? ApplicationId);
}
