using System.Text;
using ChatHub.Adapters.Abstractions.Formatting;
using ChatHub.Conversation.Messages;

namespace ChatHub.Adapters.Slack.Egress;

/// <summary>
/// Reply text for Slack: an answer's Markdown as mrkdwn (<see cref="SlackMrkdwnWriter"/>), the hub's own replies as
/// plain text (<see cref="FormattedText.Of"/>). Slack reads <c>&lt;…&gt;</c> as control sequences: <c>&lt;!channel&gt;</c>,
/// <c>&lt;!here&gt;</c>, <c>&lt;@U123&gt;</c> ping people, <c>&lt;https://evil.example|your bank&gt;</c> hides a link
/// behind words. So <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> are always escaped (<c>&amp;amp;</c>, <c>&amp;lt;</c>,
/// <c>&amp;gt;</c>, as Slack documents): the text shows as written and nothing in it can ping or mask a link. Plain
/// <c>@channel</c> stays text because replies are sent with <c>parse=none</c> and <c>link_names=false</c>. A reply is
/// split at <see cref="MaxLength"/> characters as written (Slack's guidance is 4,000; it truncates at 40,000) by
/// <see cref="MarkupSplitter"/>, which closes and reopens a code block or emphasis it cuts. Block Kit is left to the
/// rich-messages work.
/// </summary>
internal static class SlackMrkdwn
{
    public const int MaxLength = 4000;

    public static IReadOnlyList<string> PartsOf(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return MarkupSplitter.Split(new SlackMrkdwnWriter().Write(FormattedText.Of(message)), MaxLength);
    }

    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny('&', '<', '>') < 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => result.Append("&amp;"),
                '<' => result.Append("&lt;"),
                '>' => result.Append("&gt;"),
                _ => result.Append(c),
            };
        }

        return result.ToString();
    }
}
