namespace ChatHub.Adapters.Discord.Ingress;

/// <summary>
/// Mentions of the bot: <c>&lt;@id&gt;</c> (or the legacy <c>&lt;@!id&gt;</c>) in the content. Whether a message
/// is addressed to the bot is decided by its <c>mentions</c> list (as Discord advises) or these tokens; the tokens
/// are removed from the text the hub answers.
/// </summary>
internal static class DiscordMentions
{
    public static bool ContainsToken(string content, string botId) =>
        content.Contains($"<@{botId}>", StringComparison.Ordinal) || content.Contains($"<@!{botId}>", StringComparison.Ordinal);

    /// <summary>"&lt;@42&gt; what is ChatHub?" → "what is ChatHub?"; "hi &lt;@42&gt; there" → "hi there".</summary>
    public static string StripBot(string content, string botId)
    {
        var text = content;
        foreach (var token in (ReadOnlySpan<string>)[$"<@!{botId}>", $"<@{botId}>"])
        {
            for (var at = text.IndexOf(token, StringComparison.Ordinal); at >= 0; at = text.IndexOf(token, at, StringComparison.Ordinal))
            {
                var end = at + token.Length;
                // Drop one of the two spaces the mention sat between.
                if (at > 0 && end < text.Length && char.IsWhiteSpace(text[at - 1]) && char.IsWhiteSpace(text[end]))
                {
                    end++;
                }

                text = string.Concat(text.AsSpan(0, at), text.AsSpan(end));
            }
        }

        // "<@42>, what is …" → "what is …"
        return ReferenceEquals(text, content) ? content : text.Trim().TrimStart(',', ':', ';').TrimStart();
    }
}
