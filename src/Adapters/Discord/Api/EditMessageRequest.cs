namespace ChatHub.Adapters.Discord.Api;

/// <summary><c>PATCH /channels/{channel.id}/messages/{message.id}</c>.</summary>
internal sealed record EditMessageRequest
{
    public required string Content { get; init; }

    public AllowedMentions AllowedMentions { get; init; } = AllowedMentions.None;

    /// <summary><see cref="MessageFlags.SuppressEmbeds"/> (the only flag an edit may set).</summary>
    public int? Flags { get; init; }

    /// <summary>Null leaves the message's buttons as they are.</summary>
    public IReadOnlyList<MessageComponent>? Components { get; init; }
}
