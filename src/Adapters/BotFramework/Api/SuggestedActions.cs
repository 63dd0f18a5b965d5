namespace ChatHub.Adapters.BotFramework.Api;

/// <summary>The Bot Framework's <c>suggestedActions</c>: buttons shown under a message until the person answers.</summary>
internal sealed record SuggestedActions(IReadOnlyList<CardAction> Actions);

/// <summary>
/// A <c>CardAction</c>; <c>imBack</c> sends <see cref="Value"/> as the person's message, as if typed; <c>openUrl</c> opens
/// the address <see cref="Value"/> in the browser.
/// </summary>
internal sealed record CardAction(string Type, string Title, string Value)
{
    public const string ImBack = "imBack";
    public const string OpenUrl = "openUrl";
}

/// <summary>An attachment of an activity; the hub sends only hero cards carrying link buttons.</summary>
internal sealed record Attachment(string ContentType, HeroCard Content)
{
    public const string HeroCardType = "application/vnd.microsoft.card.hero";
}

/// <summary>A hero card reduced to its buttons (<c>openUrl</c> actions): how Teams shows links as buttons in every kind of chat.</summary>
internal sealed record HeroCard(IReadOnlyList<CardAction> Buttons);
