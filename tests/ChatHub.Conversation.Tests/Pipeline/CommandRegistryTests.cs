using ChatHub.Conversation.Commands;

namespace ChatHub.Conversation.Tests.Pipeline;

public sealed class CommandRegistryTests
{
    [Theory]
    [InlineData("/help", "help", "")]
    [InlineData("/link ABC123", "link", "ABC123")]
    [InlineData("/Link@My_Bot  abc def ", "link", "abc def")]
    [InlineData("  /reset", "reset", "")]
    public void TryParse_Commands_SplitsNameAndArguments(string text, string name, string arguments)
    {
        Assert.True(CommandRegistry.TryParse(text, out var n, out var a));
        Assert.Equal(name, n);
        Assert.Equal(arguments, a);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("/")]
    [InlineData("/ help")]
    [InlineData("/123")]
    [InlineData("")]
    [InlineData("path /usr/bin")]
    public void TryParse_NotCommands_ReturnsFalse(string text) => Assert.False(CommandRegistry.TryParse(text, out _, out _));

    [Fact]
    public void Constructor_DuplicateNames_Throws() =>
        Assert.Throws<InvalidOperationException>(() => new CommandRegistry([new HelpCommand(), new HelpCommand()]));
}
