using System.Text;

namespace ChatHub.Adapters.Slack.Ingress;

/// <summary>Slack message text to the hub's plain text.</summary>
internal static class SlackText
{
    /// <summary>
    /// Removes the bot's mention (<c>&lt;@U123&gt;</c> or <c>&lt;@U123|name&gt;</c>), decodes Slack's three escapes
    /// (<c>&amp;lt;</c>, <c>&amp;gt;</c>, then <c>&amp;amp;</c>) and trims.
    /// </summary>
    public static string FromSlack(string text, string botUserId)
    {
        ArgumentNullException.ThrowIfNull(text);
        var mention = "<@" + botUserId;
        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var at = text.IndexOf(mention, i, StringComparison.Ordinal);
            if (at < 0)
            {
                result.Append(text, i, text.Length - i);
                break;
            }

            var next = at + mention.Length;
            var end = text.IndexOf('>', next);
            if (end < 0 || (end != next && text[next] != '|'))
            {
                // Another user whose id starts with the bot's (or no closing bracket): kept as written.
                result.Append(text, i, next - i);
                i = next;
                continue;
            }

            result.Append(text, i, at - i);
            i = end + 1;
        }

        return result.Replace("&lt;", "<").Replace("&gt;", ">").Replace("&amp;", "&").ToString().Trim();
    }
}
