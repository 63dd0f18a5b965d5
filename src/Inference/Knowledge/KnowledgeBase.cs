using System.Diagnostics.CodeAnalysis;

namespace ChatHub.Inference.Knowledge;

/// <summary>The parsed FAQ entries and their search index. Immutable and thread-safe.</summary>
public sealed class KnowledgeBase
{
    public KnowledgeBase(IReadOnlyList<KnowledgeEntry> entries, Bm25Parameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = entries;
        Index = Bm25Index.Build(entries, parameters);
    }

    public IReadOnlyList<KnowledgeEntry> Entries { get; }

    public Bm25Index Index { get; }

    /// <summary>The best entry for <paramref name="question"/>, or null when none shares a term with it.</summary>
    public KnowledgeMatch? FindBestMatch(string question) => Index.Search(question, maxResults: 1) is [var best] ? best : null;

    /// <summary>Parses <paramref name="markdown"/>; throws <see cref="InvalidOperationException"/> listing every problem.</summary>
    public static KnowledgeBase Parse(string markdown, string sourceName = "knowledge base")
    {
        var result = KnowledgeBaseParser.Parse(markdown);
        if (!result.Success)
        {
            ThrowHelper.ThrowInvalidKnowledgeBase(sourceName, result.Errors);
        }

        return new KnowledgeBase(result.Entries);
    }

    /// <summary>Reads and parses the file at <paramref name="path"/>; on failure, <paramref name="errors"/> says why.</summary>
    public static bool TryLoad(string path, [NotNullWhen(true)] out KnowledgeBase? knowledgeBase, out IReadOnlyList<string> errors)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        knowledgeBase = null;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            errors = [ex is FileNotFoundException or DirectoryNotFoundException
                ? $"The knowledge-base file '{path}' does not exist."
                : $"The knowledge-base file '{path}' cannot be read: {ex.Message}"];
            return false;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            errors = [$"The knowledge-base file '{path}' is empty."];
            return false;
        }

        var result = KnowledgeBaseParser.Parse(text);
        errors = result.Errors;
        if (!result.Success)
        {
            return false;
        }

        knowledgeBase = new KnowledgeBase(result.Entries);
        return true;
    }

    /// <summary>Reads and parses the file at <paramref name="path"/>; throws <see cref="InvalidOperationException"/> on failure.</summary>
    public static KnowledgeBase Load(string path)
    {
        if (!TryLoad(path, out var knowledgeBase, out var errors))
        {
            ThrowHelper.ThrowInvalidKnowledgeBase(path, errors);
        }

        return knowledgeBase;
    }
}
