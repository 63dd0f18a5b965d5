namespace ChatHub.Conversation.Messages;

/// <summary>
/// The knowledge-base entries a model answer used, shown under the answer in each platform's way: Discord's subtext
/// line (<c>-# </c>), an italic line on Teams, a plain line elsewhere (Telegram, the web widget).
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
            ChannelNames.Discord => $"{text}\n-# Sources: {string.Join(" · ", shown)}",
            ChannelNames.Teams => $"{text}\n\n_Sources: {string.Join("; ", shown)}_",
            _ => $"{text}\n\nSources: {string.Join("; ", shown)}",
        };
    }
}
