using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Tests.Messages;

public sealed class TextSanitizerTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("line\r\nbreak", "line\nbreak")]
    [InlineData("old\rmac", "old\nmac")]
    [InlineData("tab\tkept\nnewline kept", "tab\tkept\nnewline kept")]
    [InlineData("bell\u0007 and nul\u0000 gone", "bell and nul gone")]
    [InlineData("C1\u0085control", "C1control")]
    [InlineData("bidi \u202Eevil\u202C text", "bidi evil text")]
    [InlineData("emoji 🙂 kept", "emoji 🙂 kept")]
    public void Clean_Table(string input, string expected) => Assert.Equal(expected, TextSanitizer.Clean(input));

    // Not a [Theory]: xunit serialises theory data through UTF-8, which would replace lone surrogates before the test.
    [Fact]
    public void Clean_LoneSurrogates_BecomeReplacementCharacters()
    {
        Assert.Equal("lone \uFFFD high", TextSanitizer.Clean("lone \uD800 high"));
        Assert.Equal("lone \uFFFD low", TextSanitizer.Clean("lone \uDC00 low"));
        Assert.Equal("reversed \uFFFD\uFFFD", TextSanitizer.Clean("reversed \uDC00\uD800"));
        Assert.Equal("end \uFFFD", TextSanitizer.Clean("end \uD83D"));
    }

    [Fact]
    public void Clean_CleanText_SameInstance()
    {
        const string text = "nothing to do";
        Assert.Same(text, TextSanitizer.Clean(text));
    }
}
