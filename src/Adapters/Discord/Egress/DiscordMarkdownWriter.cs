using ChatHub.Adapters.Abstractions.Formatting;

namespace ChatHub.Adapters.Discord.Egress;

/// <summary>
/// A reply as Discord Markdown (<see cref="MarkdownWriter"/>): text escaped by <see cref="DiscordMarkdown.Escape"/>;
/// links as <c>&lt;address&gt;</c>, after their label when the label is something else (no masked links: the address
/// shows).
/// </summary>
internal sealed class DiscordMarkdownWriter : MarkdownWriter
{
    protected override string Escape(string text) => DiscordMarkdown.Escape(text);

    protected override string Link(string label, string href, bool labelIsAddress) =>
        labelIsAddress ? $"<{href}>" : $"{label} (<{href}>)";
}
