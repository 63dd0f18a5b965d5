using System.Text.Json.Serialization;

namespace ChatHub.Adapters.Abstractions.Formatting;

/// <summary>
/// One inline of a formatted reply. Text is always literal (HTML in a reply is text, never markup); a link's
/// <see cref="Link.Href"/> is always an absolute <c>http</c>/<c>https</c> URL (anything else is not a link).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Text), "text")]
[JsonDerivedType(typeof(Strong), "strong")]
[JsonDerivedType(typeof(Emphasis), "em")]
[JsonDerivedType(typeof(Strikethrough), "strike")]
[JsonDerivedType(typeof(Code), "code")]
[JsonDerivedType(typeof(Link), "link")]
[JsonDerivedType(typeof(LineBreak), "br")]
public abstract record MarkdownInline
{
    private MarkdownInline()
    {
    }

    public sealed record Text(string Value) : MarkdownInline;

    public sealed record Strong(IReadOnlyList<MarkdownInline> Inlines) : MarkdownInline;

    public sealed record Emphasis(IReadOnlyList<MarkdownInline> Inlines) : MarkdownInline;

    public sealed record Strikethrough(IReadOnlyList<MarkdownInline> Inlines) : MarkdownInline;

    public sealed record Code(string Value) : MarkdownInline;

    /// <summary>A link: its label and its absolute http(s) address. Renderers show the address whenever the label is not it.</summary>
    public sealed record Link(string Href, IReadOnlyList<MarkdownInline> Inlines) : MarkdownInline;

    public sealed record LineBreak : MarkdownInline;
}
