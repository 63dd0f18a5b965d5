using ChatHub.Inference.Abstractions;

namespace ChatHub.Inference.Knowledge;

/// <summary>
/// One FAQ entry: the <c>## Question</c> heading, its <c>Also:</c> phrasings (retrieval only), its <c>Suggestions:</c>
/// (follow-up questions offered with the answer), its <c>Links:</c> (buttons opening an address) and the answer.
/// </summary>
/// <param name="Question">The heading text, as shown in the file.</param>
/// <param name="Alternatives">Other phrasings of the question; used to find the entry, never shown.</param>
/// <param name="Answer">The Markdown body, trimmed.</param>
/// <param name="Line">The 1-based line of the heading in the source file.</param>
public sealed record KnowledgeEntry(string Question, IReadOnlyList<string> Alternatives, string Answer, int Line)
{
    /// <summary>Follow-up questions offered as suggested replies with the answer (at most 5, each at most 64 characters).</summary>
    public IReadOnlyList<string> Suggestions { get; init; } = [];

    /// <summary>Links offered as buttons with the answer (at most 3, http(s) addresses).</summary>
    public IReadOnlyList<AnswerLink> Links { get; init; } = [];

    /// <summary>The question followed by its alternatives.</summary>
    public IEnumerable<string> Phrasings => Alternatives.Prepend(Question);
}
