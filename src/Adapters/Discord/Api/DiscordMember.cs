namespace ChatHub.Adapters.Discord.Api;

/// <summary>The partial guild member sent with guild messages.</summary>
internal sealed record DiscordMember
{
    /// <summary>The server nickname, if set.</summary>
    public string? Nick { get; init; }

    /// <summary>The member's user: sent with interactions (not with MESSAGE_CREATE, which has <c>author</c>).</summary>
    public DiscordUser? User { get; init; }
}
