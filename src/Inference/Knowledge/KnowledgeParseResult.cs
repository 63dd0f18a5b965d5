namespace ChatHub.Inference.Knowledge;

/// <summary>The entries of a knowledge-base file, or the reasons it is not usable.</summary>
public sealed record KnowledgeParseResult(IReadOnlyList<KnowledgeEntry> Entries, IReadOnlyList<string> Errors)
{
    public bool Success => Errors.Count == 0;
}
