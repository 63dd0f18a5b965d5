using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Tests.Messages;

public sealed class ReplySourcesFooterTests
{
    [Theory]
    [InlineData("discord", "Answer.\n\nSources: Reset · Hours")]
    [InlineData("teams", "Answer.\n\nSources: Reset; Hours")]
    [InlineData("telegram", "Answer.\n\nSources: Reset; Hours")]
    [InlineData("webchat", "Answer.\n\nSources: Reset; Hours")]
    public void Append_TwoTitles_OnePlainLine(string channel, string expected) =>
        Assert.Equal(expected, ReplySourcesFooter.Append("Answer.", channel, ["Reset", "Hours", "Reset", " "]));

    [Fact]
    public void Append_NoTitles_TextUnchanged() =>
        Assert.Equal("Answer.", ReplySourcesFooter.Append("Answer.", "telegram", ["", "  "]));

    [Fact]
    public void Append_ManyTitlesWithLineBreaks_AtMostFiveOnOneLine()
    {
        var text = ReplySourcesFooter.Append("A", "telegram", [.. Enumerable.Range(1, 9).Select(i => $"Title\n{i}")]);

        Assert.Equal("A\n\nSources: Title 1; Title 2; Title 3; Title 4; Title 5", text);
    }
}
