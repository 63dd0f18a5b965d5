namespace ChatHub.Adapters.Discord.Api;

/// <summary><c>POST /channels/{channel.id}/messages</c>.</summary>
internal sealed record CreateMessageRequest
{
    /// <summary>At most 2,000 characters.</summary>
    public required string Content { get; init; }

    public AllowedMentions AllowedMentions { get; init; } = AllowedMentions.None;

    public MessageReference? MessageReference { get; init; }

    /// <summary>With <see cref="EnforceNonce"/>, a retried create within minutes returns the first message instead of a second one.</summary>
    public string? Nonce { get; init; }

    public bool? EnforceNonce { get; init; }

    /// <summary><see cref="MessageFlags.SuppressEmbeds"/>: no link preview cards.</summary>
    public int? Flags { get; init; }

    /// <summary>Suggested replies as buttons (on the last part of a final reply).</summary>
    public IReadOnlyList<MessageComponent>? Components { get; init; }
}
