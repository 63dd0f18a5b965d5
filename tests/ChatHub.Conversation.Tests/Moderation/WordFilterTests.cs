using ChatHub.Conversation.Moderation;

namespace ChatHub.Conversation.Tests.Moderation;

public sealed class WordFilterTests
{
    private static readonly WordFilter Filter = WordFilter.Build(["spam", "free crypto", "ass", "# a comment", "  "]);

    [Theory]
    [InlineData("this is spam")]
    [InlineData("SPAM!")]
    [InlineData("Späm")]                      // accent
    [InlineData("ѕраm")]                      // Cyrillic look-alikes
    [InlineData("ｓｐａｍ")]                   // fullwidth
    [InlineData("sp4m")]                      // digit as letter
    [InlineData("$pam")]                      // symbol as letter
    [InlineData("s p a m")]                   // spaced out
    [InlineData("s.p.a.m")]
    [InlineData("s-p-a-m please")]
    [InlineData("sp\u200Bam")]                // zero-width space inside
    [InlineData("get FREE   crypto now")]     // phrase, extra spaces
    [InlineData("fr33 crypt0")]
    [InlineData("you ass")]
    public void Matches_DisguisedSpellings_Caught(string text) => Assert.True(Filter.Matches(text), text);

    [Theory]
    [InlineData("a classic assistant in class")] // whole words only
    [InlineData("spammer")]
    [InlineData("crypto is free")]              // phrase order matters
    [InlineData("a s s e m b l y")]              // spaced letters forming another word
    [InlineData("hello!")]
    [InlineData("")]
    public void Matches_InnocentText_NotCaught(string text) => Assert.False(Filter.Matches(text), text);

    [Fact]
    public void Mask_ReplacesOnlyTheMatchKeepingLength()
    {
        Assert.Equal("this is **** ok", Filter.Mask("this is spam ok"));
        Assert.Equal("* * * * here", Filter.Mask("s p a m here"));
        Assert.Equal("get **** ****** now", Filter.Mask("get FREE crypto now"));
    }

    [Fact]
    public void Mask_NoMatch_ReturnsSameInstance()
    {
        const string text = "nothing to see";
        Assert.Same(text, Filter.Mask(text));
    }

    [Fact]
    public void Find_InvalidUtf16_DoesNotThrow()
    {
        Assert.False(Filter.Matches("\uD800 lone surrogate \uDC00"));
        Assert.True(Filter.Matches("\uD800 spam"));
    }

    [Fact]
    public void Build_IgnoresCommentsAndBlankLines() => Assert.Equal(3, Filter.Count);

    [Fact]
    public void AhoCorasick_OverlappingPatterns_AllFound()
    {
        var automaton = new AhoCorasick(["he", "she", "his", "hers"]);
        var found = automaton.FindAll("ushers").Select(m => (m.Start, m.Length)).OrderBy(m => m).ToList();
        Assert.Equal([(1, 3), (2, 2), (2, 4)], found);
    }
}
