namespace ChatHub.Conversation.Messages;

/// <summary>
/// The knowledge-base entries a model answer used, shown under the answer as one plain line ("Sources: A; B"): model
/// text is escaped on the Markdown platforms (Discord, Teams), so a formatted line would show its markup; on Discord the
/// titles are set apart by " · ".
/// </summary>
public static class ReplySourcesFooter
{
    /// <summary>The key under which the model stage puts the titles (ChatHub.Inference's ChatHubResponseProperties.SourcesKey).</summary>
    public const string PropertyKey = "chathub.sources";

    public const int MaxTitles = 5;

    public static string Append(string text, string channel, IReadOnlyCollection<string> titles)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(titles);
        var shown = titles.Where(title => !string.IsNullOrWhiteSpace(title))
            .Select(title => title.ReplaceLineEndings(" ").Trim()).Distinct(StringComparer.Ordinal).Take(MaxTitles).ToArray();
        if (shown.Length == 0)
        {
            return text;
        }

        return channel switch
        {
            ChannelNames.Discord => $"{text}\n\nSources: {string.Join(" · ", shown)}",
            _ => $"{text}\n\nSources: {string.Join("; ", shown)}",
        };
    }
}
