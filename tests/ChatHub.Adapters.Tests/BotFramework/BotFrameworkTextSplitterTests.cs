using System.Text;
using ChatHub.Adapters.BotFramework.Egress;

namespace ChatHub.Adapters.Tests.BotFramework;

/// <summary>Splitting by UTF-8 bytes on sensible boundaries, never inside a code point or emoji sequence.</summary>
public sealed class BotFrameworkTextSplitterTests
{
    [Theory]
    [InlineData("", new string[0])]
    [InlineData("   \n ", new string[0])]
    [InlineData("short", new[] { "short" })]
    [InlineData("First paragraph here.\n\nSecond paragraph.", new[] { "First paragraph here.", "Second paragraph." })]
    [InlineData("line one is here\nline two is here", new[] { "line one is here", "line two is here" })]
    [InlineData("One sentence here. Two sentence here.", new[] { "One sentence here.", "Two sentence here." })]
    [InlineData("aaaa bbbb cccc dddd eeee ffff", new[] { "aaaa bbbb cccc dddd eeee", "ffff" })]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789", new[] { "abcdefghijklmnopqrstuvwx", "yz0123456789" })]
    public void Split_Table(string text, string[] expected)
    {
        Assert.Equal(expected, BotFrameworkTextSplitter.Split(text, 24));
    }

    [Theory]
    [InlineData("ééééééééééééééééééééé", 16)] // 2 bytes each
    [InlineData("日本語の文章です日本語の文章です", 16)] // 3 bytes each
    [InlineData("🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀", 16)] // 4 bytes each (surrogate pairs)
    [InlineData("👩‍👩‍👧‍👦👩‍👩‍👧‍👦👩‍👩‍👧‍👦", 32)] // 25-byte family emoji sequences
    public void Split_MultiByteText_EachPartFitsAndNothingIsLostOrBroken(string text, int maxBytes)
    {
        var parts = BotFrameworkTextSplitter.Split(text, maxBytes);

        Assert.All(parts, p => Assert.InRange(Encoding.UTF8.GetByteCount(p), 1, maxBytes));
        Assert.All(parts, p => Assert.False(char.IsHighSurrogate(p[^1]) || char.IsLowSurrogate(p[0])));
        Assert.Equal(text, string.Concat(parts));
    }

    [Fact]
    public void Split_FamilyEmojiSequence_CutBetweenClustersNotInside()
    {
        const string family = "👩‍👩‍👧‍👦"; // 25 bytes
        var parts = BotFrameworkTextSplitter.Split(family + family, 40);

        Assert.Equal([family, family], parts);
    }

    [Fact]
    public void FitEnd_StopsBeforeAPairThatWouldNotFit()
    {
        Assert.Equal(2, BotFrameworkTextSplitter.FitEnd("ab🚀", 0, 5));
        Assert.Equal(4, BotFrameworkTextSplitter.FitEnd("ab🚀", 0, 6));
    }
}
