namespace ChatHub.Adapters.BotFramework.Protocol;

/// <summary>The Bot Framework's <c>suggestedActions</c>: buttons shown under a message until the person answers.</summary>
internal sealed record SuggestedActions(IReadOnlyList<CardAction> Actions);

/// <summary>A <c>CardAction</c>; <c>imBack</c> sends <see cref="Value"/> as the person's message, as if typed.</summary>
internal sealed record CardAction(string Type, string Title, string Value)
{
    public const string ImBack = "imBack";
}
