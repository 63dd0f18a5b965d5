using System.Globalization;
using ChatHub.Inference.Knowledge;
using Microsoft.SemanticKernel.Data;

namespace ChatHub.Inference.ModelStage;

/// <summary>
/// The knowledge base's BM25 retrieval as a Semantic Kernel text search: the grounding passages and the model's
/// <c>knowledge_search</c> tool both come from here. <see cref="TextSearchResult.Name"/> is the entry's title,
/// <see cref="TextSearchResult.Link"/> its anchor (<c>#entry-N</c>), <see cref="TextSearchResult.Value"/> its answer cut
/// to <see cref="GroundingOptions.MaxPassageCharacters"/>. Filters are not supported (the index has none).
/// </summary>
public sealed class KnowledgeTextSearch : ITextSearch<KnowledgePassage>
{
    private readonly KnowledgeBase _knowledgeBase;
    private readonly GroundingOptions _options;

    public KnowledgeTextSearch(KnowledgeBase knowledgeBase, GroundingOptions options)
    {
        ArgumentNullException.ThrowIfNull(knowledgeBase);
        ArgumentNullException.ThrowIfNull(options);
        _knowledgeBase = knowledgeBase;
        _options = options;
    }

    /// <summary>The best passages for <paramref name="query"/> at <see cref="GroundingOptions.MinConfidence"/> or above.</summary>
    public IReadOnlyList<KnowledgePassage> Find(string query, int top)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (top <= 0 || string.IsNullOrWhiteSpace(query))
        {
            return [];
        }

        return [.. _knowledgeBase.Index.Search(query, top)
            .Where(match => match.Confidence >= _options.MinConfidence)
            .Select(match => new KnowledgePassage(
                match.Entry.Question, Cut(match.Entry.Answer, _options.MaxPassageCharacters), match.Confidence, match.Index))];
    }

    public Task<KernelSearchResults<string>> SearchAsync(
        string query, TextSearchOptions<KnowledgePassage>? searchOptions = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new KernelSearchResults<string>(Results(query, searchOptions).Select(p => p.Text).ToAsyncEnumerable()));

    public Task<KernelSearchResults<TextSearchResult>> GetTextSearchResultsAsync(
        string query, TextSearchOptions<KnowledgePassage>? searchOptions = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new KernelSearchResults<TextSearchResult>(Results(query, searchOptions)
            .Select(p => new TextSearchResult(p.Text) { Name = p.Title, Link = Anchor(p.Index) })
            .ToAsyncEnumerable()));

    public Task<KernelSearchResults<KnowledgePassage>> GetSearchResultsAsync(
        string query, TextSearchOptions<KnowledgePassage>? searchOptions = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new KernelSearchResults<KnowledgePassage>(Results(query, searchOptions).ToAsyncEnumerable()));

    /// <summary>The anchor of entry <paramref name="index"/>.</summary>
    public static string Anchor(int index) => string.Create(CultureInfo.InvariantCulture, $"#entry-{index}");

    private IReadOnlyList<KnowledgePassage> Results(string query, TextSearchOptions<KnowledgePassage>? options)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (options?.Filter is not null)
        {
            throw new NotSupportedException("The knowledge base's text search has no filters.");
        }

        var top = options?.Top ?? TextSearchOptions<KnowledgePassage>.DefaultTop;
        var skip = Math.Max(0, options?.Skip ?? 0);
        return [.. Find(query, top + skip).Skip(skip)];
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");
}
