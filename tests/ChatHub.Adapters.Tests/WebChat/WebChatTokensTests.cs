using ChatHub.Adapters.WebChat;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Tests.WebChat;

public sealed class WebChatTokensTests
{
    private static WebChatTokens Create(string? key = null) =>
        new(Options.Create(new WebChatOptions { TokenKey = key }), NullLogger<WebChatTokens>.Instance);

    [Fact]
    public void TryValidate_IssuedToken_ReturnsItsConversation()
    {
        var tokens = Create();
        var (id, token) = tokens.Issue();
        Assert.True(tokens.TryValidate(token, out var validated));
        Assert.Equal(id, validated);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData(".sig")]
    [InlineData("c_abc.")]
    public void TryValidate_Malformed_False(string? token) => Assert.False(Create().TryValidate(token, out _));

    [Fact]
    public void TryValidate_TamperedIdOrSignature_False()
    {
        var tokens = Create();
        var (_, token) = tokens.Issue();
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        Assert.False(tokens.TryValidate("c_other" + token[dot..], out _));
        Assert.False(tokens.TryValidate(token[..^1] + (token[^1] == 'A' ? 'B' : 'A'), out _));
    }

    [Fact]
    public void TryValidate_SharedKey_AcceptedByAnotherNode_RandomKeyNot()
    {
        var key = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)i).ToArray());
        var (_, token) = Create(key).Issue();
        Assert.True(Create(key).TryValidate(token, out _));
        Assert.False(Create().TryValidate(token, out _));
    }
}
