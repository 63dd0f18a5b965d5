using ChatHub.Adapters.Discord.Egress;

namespace ChatHub.Adapters.Tests.Discord;

/// <summary>Discord's 2,000-character limit on the shared splitting rules.</summary>
public sealed class DiscordTextSplitterTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2000, 1)]
    [InlineData(2100, 2)]
    [InlineData(5000, 3)]
    public void Split_Lengths_PartsUnderTheLimit(int length, int parts)
    {
        var text = DiscordSenderTests.LongAnswer(length);

        var split = DiscordTextSplitter.Split(text);

        Assert.Equal(parts, split.Count);
        Assert.All(split, p => Assert.InRange(p.Length, 1, DiscordTextSplitter.MaxLength));
        Assert.Equal(DiscordSenderTests.NoWhitespace(text), DiscordSenderTests.NoWhitespace(string.Concat(split)));
    }

    [Fact]
    public void Split_NoSpacesEmojiOnly_NeverCutsASurrogatePair()
    {
        var text = string.Concat(Enumerable.Repeat("👩‍👩‍👧", 800)); // 8 UTF-16 units each, no break opportunities but graphemes

        var split = DiscordTextSplitter.Split(text);

        Assert.All(split, p => Assert.False(char.IsHighSurrogate(p[^1])));
        Assert.Equal(text, string.Concat(split));
    }
}
