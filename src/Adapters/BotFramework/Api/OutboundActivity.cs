using ChatHub.Conversation.Messages;

namespace ChatHub.Adapters.BotFramework.Api;

/// <summary>
/// What the bot posts: a message (<c>textFormat: markdown</c> written by <c>TeamsMarkdownWriter</c>, whose text is
/// escaped, or <c>plain</c>; no entities, so model output cannot mention anyone or inject markup) or a typing indicator.
/// </summary>
internal sealed class OutboundActivity
{
    public required string Type { get; init; }

    public string? Text { get; init; }

    public string? TextFormat { get; init; }

    public string? ReplyToId { get; init; }

    /// <summary>Buttons under the message that send their value as the person's message (<c>imBack</c>); Teams shows them in personal chats.</summary>
    public SuggestedActions? SuggestedActions { get; init; }

    /// <summary>Link buttons: one hero card whose buttons open an address (Teams shows cards in every kind of chat).</summary>
    public IReadOnlyList<Attachment>? Attachments { get; init; }

    public static OutboundActivity Typing() => new() { Type = ActivityTypes.Typing };

    public static OutboundActivity PlainMessage(string text, string? replyToId) =>
        new() { Type = ActivityTypes.Message, Text = text, TextFormat = "plain", ReplyToId = replyToId };

    public static OutboundActivity MarkdownMessage(
        string text, string? replyToId, IReadOnlyList<string>? suggestions = null, IReadOnlyList<LinkButton>? links = null) => new()
    {
        Attachments = links is { Count: > 0 }
            ? [new Attachment(Attachment.HeroCardType, new HeroCard([.. links.Select(l => new CardAction(CardAction.OpenUrl, l.Text, l.Url))]))]
            : null,
        Type = ActivityTypes.Message,
        Text = text,
        TextFormat = "markdown",
        ReplyToId = replyToId,
        SuggestedActions = suggestions is { Count: > 0 }
            ? new SuggestedActions([.. suggestions.Select(s => new CardAction(CardAction.ImBack, s, s))])
            : null,
    };
}
