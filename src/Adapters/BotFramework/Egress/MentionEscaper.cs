using System.Text.RegularExpressions;

namespace ChatHub.Adapters.BotFramework.Egress;

/// <summary>
/// Keeps model output from mentioning people: a zero-width space after the <c>&lt;</c> of every <c>&lt;at&gt;</c> /
/// <c>&lt;/at&gt;</c> tag, so Teams shows the text as written but never parses a mention. Replies are sent with
/// <c>textFormat: plain</c> and no entities, so nothing else is interpreted either.
/// </summary>
internal static partial class MentionEscaper
{
    private const string ZeroWidthSpace = "\u200B";

    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains('<', StringComparison.Ordinal) ? AtTag().Replace(text, "<" + ZeroWidthSpace + "$1") : text;
    }

    [GeneratedRegex(@"<(/?\s*at\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex AtTag();
}
