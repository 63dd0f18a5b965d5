using ChatHub.Inference.Knowledge;
using ChatHub.Inference.Tests.TestSupport;

namespace ChatHub.Inference.Tests.Knowledge;

public sealed class Bm25IndexTests
{
    private static readonly Lazy<KnowledgeBase> Shipped = new(() => KnowledgeBase.Load(RepositoryFiles.KnowledgeBasePath));

    [Theory]
    [InlineData("What is ChatHub?", "What is ChatHub?")]
    [InlineData("what exactly is this chathub thing", "What is ChatHub?")]
    [InlineData("chathub", "What is ChatHub?")]
    [InlineData("Can I connect my Telegram bot to ChatHub?", "How do I connect a Telegram bot?")]
    [InlineData("what do I do with my telegram bot token", "How do I connect a Telegram bot?")]
    [InlineData("setting up discord", "How do I connect a Discord bot?")]
    [InlineData("Teams integration with Bot Framework", "How do I connect Microsoft Teams?")]
    [InlineData("embed the chat widget in my website", "How do I embed the web chat widget on my site?")]
    [InlineData("configure redis connection string", "How do I use Redis with ChatHub?")]
    [InlineData("kafka bootstrap servers", "How do I use Kafka with ChatHub?")]
    [InlineData("run a gguf model locally", "How do I use a local GGUF model?")]
    [InlineData("what commands are available?", "Which commands can I use?")]
    [InlineData("clear my conversation history", "What does /reset do?")]
    [InlineData("Do you store my messages?", "What data does ChatHub store and for how long?")]
    [InlineData("readiness and liveness endpoints", "How do I check that ChatHub is healthy?")]
    [InlineData("is there a rate limit", "Are there rate limits?")]
    [InlineData("which platforms are supported", "Which platforms does ChatHub support?")]
    public void Search_Paraphrase_RanksExpectedEntryFirstAboveThreshold(string query, string expectedQuestion)
    {
        var best = Assert.Single(Shipped.Value.Index.Search(query, maxResults: 1));

        Assert.Equal(expectedQuestion, best.Entry.Question);
        Assert.True(new KnowledgeOptions().Accepts(best), $"confidence {best.Confidence:F2} for '{query}'");
    }

    [Theory]
    [InlineData("What's the weather like in Paris tomorrow?")]
    [InlineData("Can you recommend a good pizza recipe?")]
    [InlineData("Who won the football world cup in 1998?")]
    [InlineData("How do I reset my password?")]
    [InlineData("Translate good morning into Japanese")]
    [InlineData("hi")]
    [InlineData("what time is it")]
    [InlineData("how are you doing today")]
    [InlineData("write me a poem about the sea")]
    [InlineData("???")]
    public void Search_UnrelatedQuestion_FallsBelowThreshold(string query)
    {
        var best = Shipped.Value.FindBestMatch(query);

        Assert.True(best is null || !new KnowledgeOptions().Accepts(best), $"'{query}' matched '{best?.Entry.Question}' ({best?.Confidence:F2})");
    }

    [Theory]
    [InlineData("What is ChatHub?")]
    [InlineData("telegram bot token")]
    [InlineData("redis kafka telegram discord teams widget pizza")]
    [InlineData("pizza")]
    [InlineData("chathub chathub chathub")]
    public void Search_AnyQuery_ConfidenceWithinUnitInterval(string query)
    {
        var matches = Shipped.Value.Index.Search(query, maxResults: 50);

        Assert.All(matches, match => Assert.InRange(match.Confidence, 0.0, 1.0));
    }

    [Fact]
    public void Search_UnknownTerms_LowerConfidenceProportionally()
    {
        var index = Bm25Index.Build(Entries(("alpha beta", "one"), ("gamma delta", "two"), ("epsilon", "three")));

        var known = Assert.Single(index.Search("alpha", 1));
        var halfKnown = Assert.Single(index.Search("alpha zzzunknown", 1));

        Assert.Equal(1.0, known.Confidence, 3);
        Assert.InRange(halfKnown.Confidence, 0.3, 0.5); // an unknown term weighs at least as much as any known one
    }

    [Fact]
    public void Search_TermOnlyInAnswer_CountsFieldWeightRatioOfConfidence()
    {
        var index = Bm25Index.Build(Entries(("alpha", "beta"), ("gamma", "delta")));

        var match = Assert.Single(index.Search("beta", 1));

        Assert.Equal(1.0 / 3.0, match.Confidence, 3); // AnswerWeight / QuestionWeight with the defaults
        Assert.False(new KnowledgeOptions().Accepts(match));
    }

    [Fact]
    public void Search_QuestionTerm_OutranksSameTermInAnswer()
    {
        var index = Bm25Index.Build(Entries(
            ("How do I set up widgets?", "Paste the script tag into your page."),
            ("How do I paste things?", "Widgets are explained elsewhere.")));

        Assert.Equal("How do I set up widgets?", index.Search("widgets", 2)[0].Entry.Question);
        Assert.Equal("How do I paste things?", index.Search("paste", 2)[0].Entry.Question);
    }

    [Fact]
    public void Search_ExactAlternativePhrasing_ReturnsFullConfidence()
    {
        var index = Bm25Index.Build([
            new KnowledgeEntry("Main question", ["other way to ask"], "Answer one.", 1),
            new KnowledgeEntry("Ask other way", [], "Answer two.", 3),
        ]);

        var best = index.Search("Other way to ask!", 1)[0];

        Assert.Equal("Main question", best.Entry.Question);
        Assert.Equal(1.0, best.Confidence);
    }

    [Fact]
    public void Search_NoSharedTerms_ReturnsEmpty()
    {
        var index = Bm25Index.Build(Entries(("alpha", "beta")));

        Assert.Empty(index.Search("gamma", 3));
        Assert.Empty(index.Search("the of and", 3));
    }

    private static KnowledgeEntry[] Entries(params (string Question, string Answer)[] entries) =>
        entries.Select((entry, i) => new KnowledgeEntry(entry.Question, [], entry.Answer, i + 1)).ToArray();
}
