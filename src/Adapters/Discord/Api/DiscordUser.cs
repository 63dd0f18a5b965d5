namespace ChatHub.Adapters.Discord.Api;

/// <summary>Discord's <c>User</c> (the fields the hub reads). Ids are snowflakes, sent as strings.</summary>
internal sealed record DiscordUser
{
    public required string Id { get; init; }

    public string? Username { get; init; }

    /// <summary>The display name, if the user set one.</summary>
    public string? GlobalName { get; init; }

    /// <summary>True for bot accounts (and webhook authors).</summary>
    public bool? Bot { get; init; }
}
