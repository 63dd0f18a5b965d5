using ChatHub.Inference.Abstractions;

namespace ChatHub.Inference.HotQuestions;

/// <summary>
/// A cached answer: its text, the source that produced it (see <see cref="Abstractions.ReplySources"/>) and the
/// knowledge-base entries it is grounded in, and the suggested replies offered with it. <paramref name="Personal"/>: it used the asker's own data, so it is never
/// cached (see <see cref="HotQuestionCache.IsCacheable"/>).
/// </summary>
public sealed record HotAnswer(string Text, string Source, IReadOnlyList<string>? Sources = null, bool Personal = false)
{
    /// <summary>Suggested replies offered with the answer (a knowledge-base entry's <c>Suggestions:</c>); null when none.</summary>
    public IReadOnlyList<string>? Suggestions { get; init; }

    /// <summary>Link buttons offered with the answer (a knowledge-base entry's <c>Links:</c>); null when none.</summary>
    public IReadOnlyList<AnswerLink>? Links { get; init; }
}
