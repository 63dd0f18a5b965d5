namespace ChatHub.Adapters.Telegram.BotApi;

/// <summary>Telegram's <c>Chat</c>. Ids can exceed 32 bits; groups are negative, supergroups and channels -100….</summary>
internal sealed record Chat
{
    public long Id { get; init; }

    /// <summary>private, group, supergroup or channel.</summary>
    public required string Type { get; init; }

    public string? Title { get; init; }

    public string? Username { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public bool? IsForum { get; init; }
}
