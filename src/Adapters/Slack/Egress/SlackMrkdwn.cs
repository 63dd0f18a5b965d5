using System.Text.Json.Nodes;
using System.Globalization;
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
/// <see cref="MarkupSplitter"/>, which closes and reopens a code block or emphasis it cuts. An answer with suggested
/// replies is cut at <see cref="MaxSectionLength"/> instead, so its last part fits a Block Kit section beside the
/// buttons (<see cref="Blocks"/>).
/// </summary>
internal static class SlackMrkdwn
{
    public const int MaxLength = 4000;

    /// <summary>Block Kit's limit on a section's text.</summary>
    public const int MaxSectionLength = 3000;

    /// <summary>Block Kit's limit on a button's text.</summary>
    public const int MaxButtonTextLength = 75;

    public static IReadOnlyList<string> PartsOf(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return MarkupSplitter.Split(
            new SlackMrkdwnWriter().Write(FormattedText.Of(message)), HasButtons(message) ? MaxSectionLength : MaxLength);
    }

    /// <summary>Whether the answer's last part goes as blocks (a section and buttons) rather than as text.</summary>
    public static bool HasButtons(OutboundMessage message) => message.Suggestions is { Count: > 0 } || message.Links is { Count: > 0 };

    /// <summary>
    /// The last part of an answer with suggested replies: its text as a mrkdwn section, then one actions block of
    /// buttons whose <c>action_id</c> says which (<c>s0</c>…) and whose text is the suggestion (what a press asks).
    /// </summary>
    /// <remarks>Links follow as a second actions block of URL buttons (<c>action_id</c> <c>l0</c>…): Slack opens the address
    /// and still tells the app of the click, which ingress ignores.</remarks>
    public static JsonArray Blocks(string text, IReadOnlyList<string>? suggestions, IReadOnlyList<LinkButton>? links = null)
    {
        JsonArray blocks =
        [
            new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = text, ["verbatim"] = true } },
        ];
        if (suggestions is { Count: > 0 })
        {
            var buttons = new JsonArray();
            for (var i = 0; i < suggestions.Count; i++)
            {
                buttons.Add(Button(string.Create(CultureInfo.InvariantCulture, $"s{i}"), suggestions[i]));
            }

            blocks.Add(new JsonObject { ["type"] = "actions", ["block_id"] = "chathub.suggestions", ["elements"] = buttons });
        }

        if (links is { Count: > 0 })
        {
            var buttons = new JsonArray();
            for (var i = 0; i < links.Count; i++)
            {
                var button = Button(string.Create(CultureInfo.InvariantCulture, $"l{i}"), links[i].Text);
                button["url"] = links[i].Url;
                buttons.Add(button);
            }

            blocks.Add(new JsonObject { ["type"] = "actions", ["block_id"] = "chathub.links", ["elements"] = buttons });
        }

        return blocks;
    }

    private static JsonObject Button(string actionId, string label) => new()
    {
        ["type"] = "button",
        ["action_id"] = actionId,
        ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = label.Length <= MaxButtonTextLength ? label : label[..MaxButtonTextLength], ["emoji"] = false },
    };

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
