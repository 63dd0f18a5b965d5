using ChatHub.Inference.Knowledge;

namespace ChatHub.Hub.Tests.Infrastructure;

/// <summary>The repository's knowledge base (content/knowledge.md), for tests that check an answer or its suggestions.</summary>
internal static class KnowledgeEntries
{
    private static readonly Lazy<KnowledgeBase> Base = new(() => KnowledgeBase.Load(Path.Combine(RepoPaths.Root, "content", "knowledge.md")));

    /// <summary>The entry whose question is <paramref name="question"/>.</summary>
    public static KnowledgeEntry Entry(string question) => Base.Value.Entries.Single(e => e.Question == question);
}
