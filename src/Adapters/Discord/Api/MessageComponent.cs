namespace ChatHub.Adapters.Discord.Api;

/// <summary>
/// A message component: an action row (type 1) holding up to five buttons (type 2). The hub sends suggested replies
/// as secondary buttons whose <see cref="CustomId"/> names the suggestion (a press arrives as an interaction), and links
/// as link buttons (style 5: a <see cref="Url"/> and no custom id; Discord opens it, the bot hears nothing).
/// </summary>
internal sealed record MessageComponent
{
    public const int ActionRowType = 1;
    public const int ButtonType = 2;
    public const int SecondaryStyle = 2;
    public const int LinkStyle = 5;

    /// <summary>Discord's limits: five buttons a row, labels of at most 80 characters, custom ids of at most 100.</summary>
    public const int MaxButtonsPerRow = 5;

    public const int MaxLabelLength = 80;

    public required int Type { get; init; }

    /// <summary>An action row's buttons.</summary>
    public IReadOnlyList<MessageComponent>? Components { get; init; }

    public int? Style { get; init; }

    public string? Label { get; init; }

    public string? CustomId { get; init; }

    /// <summary>A link button's address.</summary>
    public string? Url { get; init; }
}
