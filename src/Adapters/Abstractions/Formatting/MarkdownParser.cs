using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.EmphasisExtras;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Block = ChatHub.Adapters.Abstractions.Formatting.MarkdownBlock;
using Inline = ChatHub.Adapters.Abstractions.Formatting.MarkdownInline;

namespace ChatHub.Adapters.Abstractions.Formatting;

/// <summary>
/// Reply Markdown → <see cref="FormattedText"/>, over one Markdig pipeline: CommonMark, bare URLs as links, <c>~~</c>
/// strikethrough, HTML disabled (a <c>&lt;b&gt;</c> in a reply stays text). Soft line breaks are spaces, as Markdown
/// means them; hard ones (two spaces or a backslash at the end of a line) are kept. Links to anything but http(s) keep
/// their label as text. Images become links to the image. Tables, footnotes and the like are not enabled: their
/// source stays text.
/// </summary>
internal static partial class MarkdownParser
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAutoLinks()
        .UseEmphasisExtras(EmphasisExtraOptions.Strikethrough)
        .DisableHtml()
        .Build();

    public static FormattedText Parse(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var document = Markdown.Parse(markdown, Pipeline);
        var blocks = Blocks(document);
        return blocks.Count == 0 ? FormattedText.Empty : new FormattedText(blocks);
    }

    private static List<Block> Blocks(ContainerBlock container)
    {
        var blocks = new List<Block>();
        foreach (var child in container)
        {
            switch (child)
            {
                case HeadingBlock heading:
                    blocks.Add(new Block.Heading(heading.Level, Inlines(heading.Inline)));
                    break;
                case ParagraphBlock paragraph:
                    var inlines = Inlines(paragraph.Inline);
                    if (inlines.Count > 0)
                    {
                        blocks.Add(new Block.Paragraph(inlines));
                    }

                    break;
                case FencedCodeBlock fenced:
                    blocks.Add(new Block.CodeBlock(Language(fenced.Info), fenced.Lines.ToString()));
                    break;
                case CodeBlock code:
                    blocks.Add(new Block.CodeBlock(null, code.Lines.ToString()));
                    break;
                case ListBlock list:
                    blocks.Add(new Block.ItemList(
                        list.IsOrdered,
                        int.TryParse(list.OrderedStart, out var start) && start is >= 0 and < 1_000_000 ? start : 1,
                        list.OfType<ContainerBlock>().Select(item => (IReadOnlyList<Block>)Blocks(item)).ToList()));
                    break;
                case QuoteBlock quote:
                    blocks.Add(new Block.Quote(Blocks(quote)));
                    break;
                case ThematicBreakBlock:
                    blocks.Add(new Block.Rule());
                    break;
                case LinkReferenceDefinitionGroup:
                    break;
                case ContainerBlock other:
                    blocks.AddRange(Blocks(other));
                    break;
                case LeafBlock leaf when leaf.Lines.Count > 0:
                    blocks.Add(new Block.Paragraph([new Inline.Text(leaf.Lines.ToString())]));
                    break;
            }
        }

        return blocks;
    }

    private static List<Inline> Inlines(ContainerInline? container)
    {
        var inlines = new List<Inline>();
        if (container is null)
        {
            return inlines;
        }

        foreach (var child in container)
        {
            switch (child)
            {
                case LiteralInline literal:
                    AddText(inlines, literal.Content.ToString());
                    break;
                case HtmlEntityInline entity:
                    AddText(inlines, entity.Transcoded.ToString());
                    break;
                case CodeInline code:
                    inlines.Add(new Inline.Code(code.Content));
                    break;
                case LineBreakInline lineBreak:
                    if (lineBreak.IsHard)
                    {
                        inlines.Add(new Inline.LineBreak());
                    }
                    else
                    {
                        AddText(inlines, " ");
                    }

                    break;
                case AutolinkInline autolink:
                    if (!autolink.IsEmail && FormattedText.SafeHref(autolink.Url) is { } autoHref)
                    {
                        inlines.Add(new Inline.Link(autoHref, [new Inline.Text(autolink.Url)]));
                    }
                    else
                    {
                        AddText(inlines, autolink.Url);
                    }

                    break;
                case LinkInline link:
                    var label = Inlines(link);
                    if (link.IsImage && label.Count == 0)
                    {
                        label.Add(new Inline.Text(link.Url ?? ""));
                    }

                    if (FormattedText.SafeHref(link.Url) is { } href)
                    {
                        inlines.Add(new Inline.Link(href, label.Count > 0 ? label : [new Inline.Text(link.Url!)]));
                    }
                    else
                    {
                        inlines.AddRange(label); // javascript:, data:, relative: the label only, never a link
                    }

                    break;
                case EmphasisInline emphasis:
                    var children = Inlines(emphasis);
                    inlines.Add(emphasis switch
                    {
                        { DelimiterChar: '~' } => new Inline.Strikethrough(children),
                        { DelimiterCount: >= 2 } => new Inline.Strong(children),
                        _ => new Inline.Emphasis(children),
                    });
                    break;
                case HtmlInline html:
                    AddText(inlines, html.Tag);
                    break;
                case ContainerInline other:
                    inlines.AddRange(Inlines(other));
                    break;
            }
        }

        return Merged(inlines);
    }

    /// <summary>Adjacent text runs as one (Markdig splits literals at every special character).</summary>
    private static List<Inline> Merged(List<Inline> inlines)
    {
        var merged = new List<Inline>(inlines.Count);
        var run = new System.Text.StringBuilder();
        foreach (var inline in inlines)
        {
            if (inline is Inline.Text text)
            {
                run.Append(text.Value);
                continue;
            }

            Flush();
            merged.Add(inline);
        }

        Flush();
        return merged;

        void Flush()
        {
            if (run.Length > 0)
            {
                merged.Add(new Inline.Text(run.ToString()));
                run.Clear();
            }
        }
    }

    private static void AddText(List<Inline> inlines, string text)
    {
        if (text.Length > 0)
        {
            inlines.Add(new Inline.Text(text));
        }
    }

    /// <summary>The fence's info word when it looks like a language name (it becomes an attribute or a Telegram field).</summary>
    private static string? Language(string? info) =>
        info is not null && LanguageName().IsMatch(info) ? info : null;

    [GeneratedRegex(@"^[A-Za-z0-9+#._-]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageName();
}
