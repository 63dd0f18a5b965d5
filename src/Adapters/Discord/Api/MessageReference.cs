namespace ChatHub.Adapters.Discord.Api;

/// <summary>A reply's reference to the message it answers (in MESSAGE_CREATE, and when creating a reply).</summary>
internal sealed record MessageReference
{
    public string? MessageId { get; init; }

    public string? ChannelId { get; init; }

    public string? GuildId { get; init; }

    /// <summary>Outbound only: false sends the reply even if the question was deleted meanwhile.</summary>
    public bool? FailIfNotExists { get; init; }
}
