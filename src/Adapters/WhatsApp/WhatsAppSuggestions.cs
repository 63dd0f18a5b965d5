namespace ChatHub.Adapters.WhatsApp;

/// <summary>
/// Suggested replies as a WhatsApp list message (<c>interactive.type = list</c>): one row per suggestion under a
/// "More questions" button. Reply buttons would allow three titles of 20 characters, a list ten rows whose title
/// holds 24 and whose description 72, so a suggestion (at most 64 characters) is the row's title, cut with "…" when
/// longer, and then also its description. A row's id carries the suggestion itself (<c>s:</c> + text, within the
/// 200 allowed): the reply (<c>list_reply.id</c>) names what was chosen without the hub keeping what it sent. A forged
/// id is only text the person could have typed.
/// </summary>
internal static class WhatsAppSuggestions
{
    /// <summary>WhatsApp's limits on a list message.</summary>
    public const int MaxRows = 10;

    public const int MaxTitleLength = 24;

    public const int MaxDescriptionLength = 72;

    /// <summary>The list's button (at most 20 characters).</summary>
    public const string ButtonText = "More questions";

    private const string IdPrefix = "s:";
    private const int MaxTextLength = 64;

    public static IReadOnlyList<ListRow> Rows(IReadOnlyList<string> suggestions) =>
        [.. suggestions.Take(MaxRows).Select(text => text.Length <= MaxTitleLength
            ? new ListRow(IdPrefix + text, text, null)
            : new ListRow(IdPrefix + text, text[..(MaxTitleLength - 1)].TrimEnd() + "…", text.Length <= MaxDescriptionLength ? text : text[..MaxDescriptionLength]))];

    /// <summary>The text a list reply chose; null when the id is not one of the hub's rows.</summary>
    public static string? TextOf(string? replyId) =>
        replyId is { Length: > 2 } id && id.StartsWith(IdPrefix, StringComparison.Ordinal) && id.Length - IdPrefix.Length <= MaxTextLength
            && !string.IsNullOrWhiteSpace(id[IdPrefix.Length..])
            ? id[IdPrefix.Length..]
            : null;

    /// <summary>A list row: its id, title and optional description.</summary>
    public readonly record struct ListRow(string Id, string Title, string? Description);
}
