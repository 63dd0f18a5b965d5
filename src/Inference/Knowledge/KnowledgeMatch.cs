namespace ChatHub.Inference.Knowledge;

/// <summary>A knowledge-base entry found for a query.</summary>
/// <param name="Entry">The entry.</param>
/// <param name="Index">The entry's position in the knowledge base.</param>
/// <param name="Score">The BM25 score (unbounded, comparable only within one index).</param>
/// <param name="Confidence">
/// In [0, 1]: the IDF mass of the query terms this entry contains over the IDF mass of all query terms, where a term the
/// index has never seen counts at the maximum IDF and a term found only in the answer counts partly
/// (see <see cref="Bm25Index"/>). 1 when the query is exactly one of the entry's phrasings.
/// </param>
public sealed record KnowledgeMatch(KnowledgeEntry Entry, int Index, double Score, double Confidence);
