namespace ChatHub.Adapters.Telegram.BotApi;

/// <summary>Telegram's <c>User</c> (a person or a bot).</summary>
internal sealed record User
{
    public long Id { get; init; }

    public bool IsBot { get; init; }

    public string FirstName { get; init; } = "";

    public string? LastName { get; init; }

    public string? Username { get; init; }

    public string? LanguageCode { get; init; }
}
