namespace ChatHub.Conversation.Messages;

/// <summary>A button that opens an address in the person's browser (not a message to the bot): its label and where it goes.</summary>
/// <param name="Text">The label, one line, at most <see cref="LinkButtons.MaxTextLength"/> characters.</param>
/// <param name="Url">An absolute <c>https</c> or <c>http</c> address.</param>
public sealed record LinkButton(string Text, string Url);

/// <summary>
/// Link buttons under an answer (<see cref="OutboundMessage.Links"/>): rendered as each platform's URL buttons (Telegram
/// <c>url</c> buttons, Discord link buttons, a Teams hero card's <c>openUrl</c>, Slack URL buttons, widget links that
/// show their real address, and as text on WhatsApp). <see cref="Normalize"/> keeps at most <see cref="MaxCount"/>
/// usable ones: a one-line label, an absolute http(s) address of at most <see cref="MaxUrlLength"/> characters without
/// credentials, no repeats.
/// </summary>
public static class LinkButtons
{
    /// <summary>The key under which inference clients put them in a response's AdditionalProperties.</summary>
    public const string PropertyKey = "chathub.links";

    public const int MaxCount = 3;

    public const int MaxTextLength = 64;

    /// <summary>Telegram's and Discord's limit on a button's address is 512 characters; kept well below.</summary>
    public const int MaxUrlLength = 512;

    /// <summary>The usable links of <paramref name="links"/>, or null when none is left.</summary>
    public static IReadOnlyList<LinkButton>? Normalize(IEnumerable<LinkButton?>? links)
    {
        if (links is null)
        {
            return null;
        }

        var kept = links
            .Where(link => link is not null)
            .Select(link => link! with { Text = link.Text?.ReplaceLineEndings(" ").Trim() ?? "" })
            .Where(link => link.Text.Length is > 0 and <= MaxTextLength && IsUsableUrl(link.Url))
            .DistinctBy(link => link.Url, StringComparer.Ordinal)
            .Take(MaxCount)
            .ToArray();
        return kept.Length == 0 ? null : kept;
    }

    /// <summary>An absolute http(s) address without user information (no <c>https://user:pass@host</c> look-alikes).</summary>
    public static bool IsUsableUrl(string? url) =>
        url is { Length: > 0 and <= MaxUrlLength }
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && string.IsNullOrEmpty(uri.UserInfo)
        && !string.IsNullOrEmpty(uri.Host)
        && !url.Any(char.IsWhiteSpace);
}
