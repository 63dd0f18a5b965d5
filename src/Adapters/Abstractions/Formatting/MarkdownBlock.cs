using System.Text.Json.Serialization;

namespace ChatHub.Adapters.Abstractions.Formatting;

/// <summary>
/// One block of a formatted reply (<see cref="FormattedText"/>): the few constructs every platform can show. Serialized
/// as JSON with a <c>type</c> discriminator for the web widget, which builds DOM from it.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Paragraph), "paragraph")]
[JsonDerivedType(typeof(Heading), "heading")]
[JsonDerivedType(typeof(CodeBlock), "code")]
[JsonDerivedType(typeof(ItemList), "list")]
[JsonDerivedType(typeof(Quote), "quote")]
[JsonDerivedType(typeof(Rule), "rule")]
public abstract record MarkdownBlock
{
    private MarkdownBlock()
    {
    }

    /// <summary>Text with inline formatting; line breaks inside it are <see cref="MarkdownInline.LineBreak"/>.</summary>
    public sealed record Paragraph(IReadOnlyList<MarkdownInline> Inlines) : MarkdownBlock;

    /// <summary>A heading, level 1 to 6 (most platforms show it bold).</summary>
    public sealed record Heading(int Level, IReadOnlyList<MarkdownInline> Inlines) : MarkdownBlock;

    /// <summary>Preformatted code; <see cref="Language"/> is the fence's info word (letters, digits, <c>+#-._</c>), or null.</summary>
    public sealed record CodeBlock(string? Language, string Code) : MarkdownBlock;

    /// <summary>A bulleted (<see cref="Ordered"/> false) or numbered list starting at <see cref="Start"/>; each item is blocks.</summary>
    public sealed record ItemList(bool Ordered, int Start, IReadOnlyList<IReadOnlyList<MarkdownBlock>> Items) : MarkdownBlock;

    /// <summary>A block quote.</summary>
    public sealed record Quote(IReadOnlyList<MarkdownBlock> Blocks) : MarkdownBlock;

    /// <summary>A horizontal rule.</summary>
    public sealed record Rule : MarkdownBlock;
}
