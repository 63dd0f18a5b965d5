using ChatHub.Adapters.Abstractions.Formatting;

namespace ChatHub.Adapters.Slack.Egress;

/// <summary>
/// A reply as Slack's mrkdwn (<see cref="MarkdownWriter"/>): <c>*bold*</c> (headings too), <c>_italic_</c>,
/// <c>~strike~</c>, <c>`code`</c>, code blocks without a language, "• " and "1. " lists, "&gt; " quotes. Slack has no
/// escape for its formatting characters, so each <c>*</c>, <c>_</c>, <c>~</c> and <c>`</c> of the reply's own text is
/// followed by a zero-width space, which keeps it from closing (or opening) formatting; <c>&amp;</c>, <c>&lt;</c> and
/// <c>&gt;</c> become Slack's entities everywhere, code included (<see cref="SlackMrkdwn.Escape"/>), so nothing can ping
/// or mask a link. A link is its address in angle brackets, after its label when the label is something else: the
/// address always shows.
/// </summary>
internal sealed class SlackMrkdwnWriter : MarkdownWriter
{
    protected override (string Strong, string Emphasis, string Strike) Delimiters => ("*", "_", "~");

    protected override string Bullet => "• ";

    protected override string FenceOpen(string? language) => "```\n";

    protected override string InCode(string code) => SlackMrkdwn.Escape(code);

    protected override string Escape(string text) => Defused(SlackMrkdwn.Escape(text));

    protected override string Link(string label, string href, bool labelIsAddress)
    {
        var address = SlackMrkdwn.Escape(href).Replace("|", "%7C", StringComparison.Ordinal);
        return labelIsAddress ? $"<{address}>" : $"{label} (<{address}>)";
    }
}
