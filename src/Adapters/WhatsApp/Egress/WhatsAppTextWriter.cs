using ChatHub.Adapters.Abstractions.Formatting;

namespace ChatHub.Adapters.WhatsApp.Egress;

/// <summary>
/// A reply in WhatsApp's message formatting (<see cref="MarkdownWriter"/>): <c>*bold*</c> (headings too),
/// <c>_italic_</c>, <c>~strike~</c>, <c>`code`</c>, <c>```</c> blocks without a language, "- " and "1. " lists, "&gt; "
/// quotes. WhatsApp has no escape for its formatting characters, so each <c>*</c>, <c>_</c>, <c>~</c> and <c>`</c> of the
/// reply's own text is followed by a zero-width space, which keeps it from closing (or opening) formatting. A link is
/// its address (WhatsApp makes it a link), after its label when the label is something else: the address always shows.
/// </summary>
internal sealed class WhatsAppTextWriter : MarkdownWriter
{
    protected override (string Strong, string Emphasis, string Strike) Delimiters => ("*", "_", "~");

    protected override string FenceOpen(string? language) => "```\n";

    protected override string Escape(string text) => Defused(text);

    protected override string Link(string label, string href, bool labelIsAddress) =>
        labelIsAddress ? href : $"{label} ({href})";
}
