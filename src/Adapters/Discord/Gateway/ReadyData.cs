using ChatHub.Adapters.Discord.Api;

namespace ChatHub.Adapters.Discord.Gateway;

/// <summary>The READY dispatch: the bot's identity and what RESUME needs.</summary>
internal sealed record ReadyData
{
    public required DiscordUser User { get; init; }

    public required string SessionId { get; init; }

    public required string ResumeGatewayUrl { get; init; }

    public ReadyApplication? Application { get; init; }

    internal sealed record ReadyApplication
    {
        public required string Id { get; init; }
    }
}
