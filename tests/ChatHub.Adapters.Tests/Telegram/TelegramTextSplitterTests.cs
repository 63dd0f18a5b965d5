using System.Globalization;
using System.Text;
using ChatHub.Adapters.Telegram.Egress;

namespace ChatHub.Adapters.Tests.Telegram;

public sealed class TelegramTextSplitterTests
{
    private static string NoWhitespace(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static void AssertLossless(string text, IReadOnlyList<string> parts, int max)
    {
        Assert.All(parts, p => Assert.InRange(p.Length, 1, max));
        Assert.Equal(NoWhitespace(text), NoWhitespace(string.Concat(parts)));
        Assert.All(parts, p => Assert.False(char.IsLowSurrogate(p[0]) || char.IsHighSurrogate(p[^1]), "a surrogate pair was split"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public void Split_Blank_NoParts(string text)
    {
        Assert.Empty(TelegramTextSplitter.Split(text));
    }

    [Fact]
    public void Split_ExactlyLimit_OnePart()
    {
        var text = new string('a', 4096);
        Assert.Equal([text], TelegramTextSplitter.Split(text));
    }

    [Fact]
    public void Split_OneOverLimit_TwoParts()
    {
        var text = new string('a', 4097);
        var parts = TelegramTextSplitter.Split(text);
        Assert.Equal([4096, 1], parts.Select(p => p.Length));
    }

    [Fact]
    public void Split_TenThousandCharacterAnswer_OrderedPartsUnderLimit()
    {
        var words = new StringBuilder();
        for (var i = 0; words.Length < 10_000; i++)
        {
            words.Append(CultureInfo.InvariantCulture, $"word{i} ");
            if (i % 40 == 39)
            {
                words.Append(". ");
            }
        }

        var text = words.ToString(0, 10_000);
        var parts = TelegramTextSplitter.Split(text);

        Assert.Equal(3, parts.Count);
        AssertLossless(text, parts, 4096);
        Assert.StartsWith("word0 ", parts[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Split_PrefersParagraphOverLineOverSentenceOverSpace()
    {
        var paragraph = new string('p', 3000) + "\n\n" + new string('q', 500) + "\nline. sentence " + new string('r', 2000);
        var parts = TelegramTextSplitter.Split(paragraph);
        Assert.Equal(new string('p', 3000), parts[0]);

        var line = new string('p', 3000) + "\n" + new string('q', 500) + ". sentence " + new string('r', 2000);
        Assert.Equal(new string('p', 3000), TelegramTextSplitter.Split(line)[0]);

        var sentence = new string('p', 3000) + ". " + new string('q', 500) + " word " + new string('r', 2000);
        Assert.Equal(new string('p', 3000) + ".", TelegramTextSplitter.Split(sentence)[0]);

        var space = new string('p', 3000) + " " + new string('q', 2000);
        Assert.Equal(new string('p', 3000), TelegramTextSplitter.Split(space)[0]);
    }

    [Fact]
    public void Split_BoundaryInFirstHalf_IgnoredForBalancedParts()
    {
        var text = "Intro.\n\n" + new string('x', 6000);
        var parts = TelegramTextSplitter.Split(text);
        Assert.Equal(4096, parts[0].Length); // not a 6-character first message
    }

    [Fact]
    public void Split_EmojiAcrossLimit_NeverSplitsSurrogatePair()
    {
        var text = new string('a', 4095) + "😀" + "tail";
        var parts = TelegramTextSplitter.Split(text);

        AssertLossless(text, parts, 4096);
        Assert.Equal(new string('a', 4095), parts[0]);
        Assert.Equal("😀tail", parts[1]);
    }

    [Fact]
    public void Split_ZwjFamilyEmojiAcrossLimit_KeptWhole()
    {
        const string family = "👨‍👩‍👧‍👦"; // 11 UTF-16 units, one grapheme
        var text = new string('a', 4090) + family + "end";
        var parts = TelegramTextSplitter.Split(text);

        Assert.Equal(new string('a', 4090), parts[0]);
        Assert.StartsWith(family, parts[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Split_CjkWithoutSpaces_CutsAfterFullStop()
    {
        var sentence = "这是一个很长的句子用来测试分割。"; // 16 units, ends with a full stop
        var text = string.Concat(Enumerable.Repeat(sentence, 400)); // 6,400 units, no spaces
        var parts = TelegramTextSplitter.Split(text);

        AssertLossless(text, parts, 4096);
        Assert.EndsWith("。", parts[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Split_GrowingText_EarlierPartsStable()
    {
        var full = string.Join(' ', Enumerable.Range(0, 3000).Select(i => "w" + i.ToString(CultureInfo.InvariantCulture)));
        var final = TelegramTextSplitter.Split(full);

        for (var length = 4200; length < full.Length; length += 977)
        {
            var partial = TelegramTextSplitter.Split(full[..length]);
            Assert.Equal(final[0], partial[0]);
        }
    }

    [Fact]
    public void Split_SmallLimit_Works()
    {
        var parts = TelegramTextSplitter.Split("one two three four five", 10);
        Assert.Equal(["one two", "three four", "five"], parts);
    }
}
