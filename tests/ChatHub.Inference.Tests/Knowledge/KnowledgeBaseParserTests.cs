using ChatHub.Inference.Abstractions;
using ChatHub.Inference.Knowledge;

namespace ChatHub.Inference.Tests.Knowledge;

public sealed class KnowledgeBaseParserTests
{
    [Fact]
    public void Parse_TitleIntroAndTwoEntries_ReturnsEntriesWithAnswersAndLines()
    {
        const string markdown = """
            # FAQ title
            Some introduction that is not an answer.

            ## What is ChatHub?
            A hub.

            Second paragraph.
            ## How do I reset?
            Send /reset.
            """;

        var result = KnowledgeBaseParser.Parse(markdown);

        Assert.True(result.Success, string.Join("; ", result.Errors));
        Assert.Collection(
            result.Entries,
            first =>
            {
                Assert.Equal("What is ChatHub?", first.Question);
                Assert.Equal("A hub.\n\nSecond paragraph.", first.Answer);
                Assert.Empty(first.Alternatives);
                Assert.Equal(4, first.Line);
            },
            second =>
            {
                Assert.Equal("How do I reset?", second.Question);
                Assert.Equal("Send /reset.", second.Answer);
                Assert.Equal(8, second.Line);
            });
    }

    [Fact]
    public void Parse_AlsoLinesUnderHeading_BecomeAlternativesNotAnswer()
    {
        const string markdown = """
            ## What is ChatHub?

            Also: what does ChatHub do
            also:   tell me about ChatHub  
            The answer.
            Also: this line is part of the answer.
            """;

        var entry = Assert.Single(KnowledgeBaseParser.Parse(markdown).Entries);

        Assert.Equal(["what does ChatHub do", "tell me about ChatHub"], entry.Alternatives);
        Assert.Equal("The answer. Also: this line is part of the answer.", entry.Answer);
        Assert.Equal(["What is ChatHub?", "what does ChatHub do", "tell me about ChatHub"], entry.Phrasings);
    }

    [Fact]
    public void Parse_SubheadingsAndFencedHeadings_StayInAnswer()
    {
        const string markdown = """
            ## Question one
            Intro.
            ### Details
            ```md
            ## not a question
            # nor a title
            ```
            Outro.
            ## Question two
            Two.
            """;

        var result = KnowledgeBaseParser.Parse(markdown);

        Assert.Equal(2, result.Entries.Count);
        Assert.Equal("Intro.\n### Details\n```md\n## not a question\n# nor a title\n```\nOutro.", result.Entries[0].Answer);
    }

    [Fact]
    public void Parse_ClosingHashesAndCrLf_AreTrimmed()
    {
        var entry = Assert.Single(KnowledgeBaseParser.Parse("## What is it? ##\r\nAlso: what's it\r\nIt.\r\n").Entries);

        Assert.Equal("What is it?", entry.Question);
        Assert.Equal(["what's it"], entry.Alternatives);
        Assert.Equal("It.", entry.Answer);
    }

    [Fact]
    public void Parse_TitleAfterEntry_EndsTheEntry()
    {
        var entry = Assert.Single(KnowledgeBaseParser.Parse("## Q\nA.\n# Next section\nignored text\n").Entries);

        Assert.Equal("A.", entry.Answer);
    }

    [Theory]
    [InlineData("", "No entries found")]
    [InlineData("# Only a title\nand text\n", "No entries found")]
    [InlineData("#Not a heading\n##Nor this\n", "No entries found")]
    [InlineData("## Question without answer\n\n", "has no answer")]
    [InlineData("## Only alternatives\nAlso: other\n", "has no answer")]
    [InlineData("## \nAnswer.\n", "no question text")]
    [InlineData("## Same\nOne.\n## same\nTwo.\n", "already appears on line 1")]
    [InlineData("## Q\nAlso:\nA.\n", "'Also:' line under 'Q' is empty")]
    [InlineData("## Q\nSuggestions: One | | Two\nA.\n", "has an empty suggestion")]
    [InlineData("## Q\nSuggestions:\nA.\n", "has an empty suggestion")]
    [InlineData("## Q\nSuggestions: 1 | 2 | 3 | 4 | 5 | 6\nA.\n", "offers 6 suggestions; at most 5")]
    [InlineData("## Q\nSuggestions: One | One\nA.\n", "repeats a suggestion")]
    [InlineData("## Q\nSuggestions: One\nSuggestions: Two\nA.\n", "second 'Suggestions:' line")]
    public void Parse_MalformedInput_ReturnsError(string markdown, string expectedError)
    {
        var result = KnowledgeBaseParser.Parse(markdown);

        Assert.False(result.Success);
        Assert.Contains(result.Errors, error => error.Contains(expectedError, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_SuggestionsLineUnderHeading_BecomesSuggestionsNotAnswer()
    {
        const string markdown = """
            ## What is ChatHub?
            Also: what does ChatHub do
            Suggestions:  Which platforms? |How do I link accounts?  | What is /reset?
            The answer.
            Suggestions: this line is part of the answer.
            """;

        var entry = Assert.Single(KnowledgeBaseParser.Parse(markdown).Entries);

        Assert.Equal(["Which platforms?", "How do I link accounts?", "What is /reset?"], entry.Suggestions);
        Assert.Equal(["what does ChatHub do"], entry.Alternatives);
        Assert.Equal("The answer. Suggestions: this line is part of the answer.", entry.Answer);
    }

    [Fact]
    public void Parse_SuggestionLongerThan64_ReturnsError()
    {
        var result = KnowledgeBaseParser.Parse($"## Q\nSuggestions: Short | {new string('x', 65)}\nA.\n");

        Assert.False(result.Success);
        Assert.Contains(result.Errors, error => error.Contains("longer than 64 characters", StringComparison.Ordinal));
        Assert.True(KnowledgeBaseParser.Parse($"## Q\nSuggestions: {new string('x', 64)}\nA.\n").Success);
    }

    [Fact]
    public void Parse_NoSuggestionsLine_NoSuggestions()
    {
        Assert.Empty(Assert.Single(KnowledgeBaseParser.Parse("## Q\nA.\n").Entries).Suggestions);
    }

    [Fact]
    public void Parse_LinksLine_MarkdownLinksKeptInOrderNotInTheAnswer()
    {
        var result = KnowledgeBaseParser.Parse("## Q\nAlso: q2\nLinks: [Docs](https://docs.example/a?b=1) | [Status page](http://status.example:8080/)\nA.\n");

        var entry = Assert.Single(result.Entries);
        Assert.Empty(result.Errors);
        Assert.Equal([new AnswerLink("Docs", "https://docs.example/a?b=1"), new AnswerLink("Status page", "http://status.example:8080/")], entry.Links);
        Assert.Equal("A.", entry.Answer);
    }

    [Theory]
    [InlineData("## Q\nLinks: Docs https://docs.example\nA.\n", "is not written as [label](https://address)")]
    [InlineData("## Q\nLinks: [Docs](javascript:alert(1))\nA.\n", "is not written as [label](https://address)")]
    [InlineData("## Q\nLinks: [Docs](javascript:alert)\nA.\n", "not an absolute https or http address")]
    [InlineData("## Q\nLinks: [Docs](ftp://files.example/)\nA.\n", "not an absolute https or http address")]
    [InlineData("## Q\nLinks: [Docs](https://user:secret@docs.example/)\nA.\n", "not an absolute https or http address")]
    [InlineData("## Q\nLinks: [Docs](/relative)\nA.\n", "not an absolute https or http address")]
    [InlineData("## Q\nLinks: [A](https://a.example) | [B](https://b.example) | [C](https://c.example) | [D](https://d.example)\nA.\n", "offers 4 links; at most 3")]
    [InlineData("## Q\nLinks: [A](https://a.example) | [B](https://a.example)\nA.\n", "repeats an address")]
    [InlineData("## Q\nLinks: [A](https://a.example)\nLinks: [B](https://b.example)\nA.\n", "second 'Links:' line")]
    public void Parse_BadLinksLine_ErrorWithLineNumber(string markdown, string expected)
    {
        var error = Assert.Single(KnowledgeBaseParser.Parse(markdown).Errors);

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.StartsWith("Line ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_IndentedHashes_AreNotHeadings()
    {
        var entry = Assert.Single(KnowledgeBaseParser.Parse("## Q\n    ## code, not a heading\nA.\n").Entries);

        Assert.Equal("## code, not a heading\nA.", entry.Answer);
    }
}
