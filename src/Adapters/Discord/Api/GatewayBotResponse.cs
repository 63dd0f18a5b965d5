namespace ChatHub.Adapters.Discord.Api;

/// <summary><c>GET /gateway/bot</c>: where to connect, and how many IDENTIFYs are left.</summary>
internal sealed record GatewayBotResponse
{
    public required string Url { get; init; }

    public int Shards { get; init; } = 1;

    public SessionStartLimit? SessionStartLimit { get; init; }
}
