using ChatHub.Conversation.Messages;

namespace ChatHub.Adapters.Abstractions.Formatting;

/// <summary>
/// A reply as the few constructs every platform can show (<see cref="MarkdownBlock"/>, <see cref="MarkdownInline"/>):
/// the one place where reply Markdown is parsed (<see cref="MarkdownParser"/>, Markdig). Each adapter renders it in its
/// platform's own way and escapes the text in it, so nothing in a reply is ever interpreted as the platform's markup.
/// </summary>
public sealed record FormattedText(IReadOnlyList<MarkdownBlock> Blocks)
{
    public static FormattedText Empty { get; } = new([]);

    /// <summary>
    /// The formatted form of <paramref name="message"/>'s text: Markdown for answers (the model's, the knowledge base's,
    /// and the cache's copies of them), plain text for the hub's own replies (commands, errors, notices), which may
    /// quote what a person wrote.
    /// </summary>
    public static FormattedText Of(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return IsMarkdown(message) ? Parse(message.Text) : Plain(message.Text);
    }

    /// <summary>True when <paramref name="message"/>'s text is Markdown (see <see cref="Of"/>).</summary>
    public static bool IsMarkdown(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return IsMarkdown(message.Source, message.IsError);
    }

    /// <summary>True when a reply from <paramref name="source"/> is Markdown (see <see cref="Of"/>).</summary>
    public static bool IsMarkdown(string source, bool isError) =>
        !isError && source is ReplySource.Model or ReplySource.Knowledge or ReplySource.Cache;

    /// <summary>Parses Markdown (CommonMark with autolinks and <c>~~strikethrough~~</c>; HTML is text).</summary>
    public static FormattedText Parse(string markdown) => MarkdownParser.Parse(markdown);

    /// <summary>Plain text as one paragraph: every character literal, each line break kept.</summary>
    public static FormattedText Plain(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return Empty;
        }

        var inlines = new List<MarkdownInline>();
        foreach (var line in trimmed.ReplaceLineEndings("\n").Split('\n'))
        {
            if (inlines.Count > 0)
            {
                inlines.Add(new MarkdownInline.LineBreak());
            }

            if (line.Length > 0)
            {
                inlines.Add(new MarkdownInline.Text(line));
            }
        }

        return new([new MarkdownBlock.Paragraph(inlines)]);
    }

    /// <summary>The text of <paramref name="inlines"/> without formatting (a link's label, not its address).</summary>
    public static string TextOf(IEnumerable<MarkdownInline> inlines)
    {
        ArgumentNullException.ThrowIfNull(inlines);
        var text = new System.Text.StringBuilder();
        Append(inlines);
        return text.ToString();

        void Append(IEnumerable<MarkdownInline> items)
        {
            foreach (var inline in items)
            {
                switch (inline)
                {
                    case MarkdownInline.Text t: text.Append(t.Value); break;
                    case MarkdownInline.Code c: text.Append(c.Value); break;
                    case MarkdownInline.LineBreak: text.Append('\n'); break;
                    case MarkdownInline.Strong s: Append(s.Inlines); break;
                    case MarkdownInline.Emphasis e: Append(e.Inlines); break;
                    case MarkdownInline.Strikethrough s: Append(s.Inlines); break;
                    case MarkdownInline.Link l: Append(l.Inlines); break;
                }
            }
        }
    }

    /// <summary>
    /// True when a link labelled <paramref name="label"/> shows its own address <paramref name="href"/> (an autolink,
    /// or a label that is the same URL): renderers then show it once; otherwise they add the address after the label.
    /// </summary>
    public static bool ShowsAddress(string label, string href)
    {
        ArgumentNullException.ThrowIfNull(label);
        return SafeHref(label.Trim()) is { } own && string.Equals(own, href, StringComparison.Ordinal);
    }

    /// <summary>The normalized absolute address when <paramref name="url"/> is an http(s) URL; null for anything else.</summary>
    public static string? SafeHref(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.AbsoluteUri
            : null;
}
