namespace ChatHub.Adapters.Discord.Api;

/// <summary>Which mentions in a message may ping. The hub sends none: model output must never ping @everyone.</summary>
internal sealed record AllowedMentions
{
    public static AllowedMentions None { get; } = new();

    /// <summary>Empty: no role, user or @everyone mention pings.</summary>
    public IReadOnlyList<string> Parse { get; init; } = [];

    /// <summary>Whether a reply pings the author of the question.</summary>
    public bool RepliedUser { get; init; }
}
