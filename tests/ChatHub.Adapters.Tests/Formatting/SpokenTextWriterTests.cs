using ChatHub.Adapters.Abstractions.Formatting;
using ChatHub.Conversation.Messages;
using ChatHub.Testing.Formatting;

namespace ChatHub.Adapters.Tests.Formatting;

/// <summary>A reply as words to speak (<see cref="SpokenTextWriter"/>): no markup, no code, no addresses; cut at a sentence.</summary>
public sealed class SpokenTextWriterTests
{
    [Fact]
    public void Write_GoldenReply_TheWordsOnly()
    {
        var words = SpokenTextWriter.Write(FormattedText.Parse(GoldenMarkdown.Reply), 4096);

        Assert.Equal(
            "Setup. Use bold, italic and code with the docs. Then 5 < 6 * 2 and a_b @everyone <@123>. 😀 after emoji. one. two. first. second. " +
            "<b>bold?</b> x.",
            words);
    }

    [Theory]
    [InlineData("One. Two! Three? Four.", 12, "One. Two!")]
    [InlineData("One two three four five", 12, "One two")]
    [InlineData("Short.", 12, "Short.")]
    [InlineData("Abcdefghijklmnop", 5, "Abcde")]
    public void Write_LongerThanTheLimit_CutAtTheLastSentenceThatFits(string text, int max, string expected) =>
        Assert.Equal(expected, SpokenTextWriter.Write(FormattedText.Plain(text), max));

    [Fact]
    public void Write_HubsOwnPlainReply_NotParsedAsMarkdown()
    {
        var message = new OutboundMessage
        {
            Id = "r", Conversation = new ConversationRef(ChannelNames.Telegram, "bot", "1"), Kind = OutboundKind.Final, Source = ReplySource.System,
            Text = "x", SpokenText = "A person will answer *soon*\nThanks",
        };

        Assert.Equal("A person will answer *soon* Thanks.", SpokenTextWriter.Write(message, 100));
    }
}
