using ChatHub.Inference.Abstractions;
using ChatHub.Inference.Knowledge;
using ChatHub.Inference.Tests.TestSupport;

namespace ChatHub.Inference.Tests.Knowledge;

public sealed class ShippedKnowledgeBaseTests
{
    [Fact]
    public void Parse_ShippedFile_HasTwelveToTwentyEntriesWithAlternatives()
    {
        var result = KnowledgeBaseParser.Parse(File.ReadAllText(RepositoryFiles.KnowledgeBasePath));

        Assert.True(result.Success, string.Join(Environment.NewLine, result.Errors));
        Assert.InRange(result.Entries.Count, 12, 20);
        Assert.All(result.Entries, entry => Assert.InRange(entry.Alternatives.Count, 1, 3));
        Assert.Contains(result.Entries, entry => entry.Question == "What is ChatHub?");
    }

    [Fact]
    public async Task GetResponseAsync_WhatIsChatHub_AnswersWithItsEntry()
    {
        var knowledgeBase = KnowledgeBase.Load(RepositoryFiles.KnowledgeBasePath);
        var expected = knowledgeBase.Entries.Single(entry => entry.Question == "What is ChatHub?").Answer;
        using var client = new KnowledgeChatClient(new StubChatClient(), knowledgeBase, new KnowledgeOptions());

        var response = await client.GetResponseAsync(Messages.Ask("What is ChatHub?")).DefaultTimeout();

        Assert.Equal(expected, response.Text);
        Assert.Equal(ReplySources.Knowledge, response.GetSource());
        Assert.StartsWith("ChatHub is a cross-platform chatbot messaging hub", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_HowToLinkTelegram_AnswersWithTheLinkingEntryAsParagraphs()
    {
        var knowledgeBase = KnowledgeBase.Load(RepositoryFiles.KnowledgeBasePath);
        using var client = new KnowledgeChatClient(new StubChatClient(), knowledgeBase, new KnowledgeOptions());

        var response = await client.GetResponseAsync(Messages.Ask("how do I link my telegram account?")).DefaultTimeout();

        Assert.Equal(ReplySources.Knowledge, response.GetSource());
        Assert.Equal(knowledgeBase.Entries.Single(e => e.Question == "How do I link my accounts on different platforms?").Answer, response.Text);
        Assert.DoesNotContain('\n', response.Text); // one paragraph in the source, wrapped at 100 columns there
    }

    [Fact]
    public void Parse_ShippedFile_NoAnswerBreaksMidSentence()
    {
        // The source wraps lines; a chat shows every newline. Outside code, a newline starts a paragraph, a list
        // item or a block, never a lowercase continuation.
        var result = KnowledgeBaseParser.Parse(File.ReadAllText(RepositoryFiles.KnowledgeBasePath));

        Assert.All(result.Entries, entry =>
        {
            var prose = string.Join('\n', entry.Answer.Split("```").Where((_, i) => i % 2 == 0));
            Assert.DoesNotMatch(@"\n[a-z(]", prose);
        });
    }

    [Fact]
    public void ResolvePath_DefaultOptions_FindsCopyInOutputFolder()
    {
        var path = new KnowledgeOptions().ResolvePath();

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "content", "knowledge.md"), path);
        Assert.True(File.Exists(path), $"'{path}' is not copied to the output folder.");
        Assert.Equal(File.ReadAllText(RepositoryFiles.KnowledgeBasePath), File.ReadAllText(path));
    }
}
