using System.Security.Cryptography;
using System.Text;
using ChatHub.Adapters.Tests.Infrastructure;
using ChatHub.Adapters.WebChat;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Tests.WebChat;

public sealed class WebChatTokensTests
{
    private static readonly string KeyA = Convert.ToBase64String([.. Enumerable.Range(0, 32).Select(i => (byte)i)]);
    private static readonly string KeyB = Convert.ToBase64String([.. Enumerable.Range(100, 32).Select(i => (byte)i)]);

    private readonly ManualTimeProvider _time = new();

    private WebChatTokens Create(string? key = null, string[]? previous = null, bool legacy = true) =>
        new(Options.Create(new WebChatOptions
        {
            TokenKey = key, PreviousTokenKeys = previous ?? [], TokenLifetime = TimeSpan.FromDays(30), AcceptLegacyTokens = legacy,
        }), _time, NullLogger<WebChatTokens>.Instance);

    [Fact]
    public void TryValidate_IssuedToken_ReturnsItsConversation()
    {
        var tokens = Create();
        var (id, token) = tokens.Issue();
        Assert.True(tokens.TryValidate(token, out var validated));
        Assert.Equal(id, validated);
        Assert.StartsWith("v2.", token, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData(".sig")]
    [InlineData("c_abc.")]
    [InlineData("v2.kid.c_abc.123.sig")]
    [InlineData("v2....")]
    public void TryValidate_Malformed_False(string? token) => Assert.False(Create().TryValidate(token, out _));

    [Fact]
    public void TryValidate_TamperedIdExpiryOrSignature_False()
    {
        var tokens = Create();
        var (_, token) = tokens.Issue();
        var parts = token.Split('.');
        Assert.False(tokens.TryValidate(string.Join('.', parts[0], parts[1], "c_other", parts[3], parts[4]), out _));
        Assert.False(tokens.TryValidate(string.Join('.', parts[0], parts[1], parts[2], "99999999999", parts[4]), out _));
        Assert.False(tokens.TryValidate(token[..^1] + (token[^1] == 'A' ? 'B' : 'A'), out _));
    }

    [Fact]
    public void TryValidate_SharedKey_AcceptedByAnotherNode_RandomKeyNot()
    {
        var (_, token) = Create(KeyA).Issue();
        Assert.True(Create(KeyA).TryValidate(token, out _));
        Assert.False(Create().TryValidate(token, out _));
    }

    [Fact]
    public void TryValidate_AfterTheLifetime_False_AndAFreshTokenSlides()
    {
        var tokens = Create(KeyA);
        var (id, token) = tokens.Issue();
        _time.Advance(TimeSpan.FromDays(29));
        Assert.True(tokens.TryValidate(token, out _));
        var renewed = tokens.Issue(id); // what every Join returns
        _time.Advance(TimeSpan.FromDays(2));

        Assert.False(tokens.TryValidate(token, out _));
        Assert.True(tokens.TryValidate(renewed, out var stillOurs));
        Assert.Equal(id, stillOurs);
    }

    [Fact]
    public void TryValidate_Rotation_PreviousKeysTokensAccepted_NewTokensCarryTheNewKid()
    {
        var (id, old) = Create(KeyA).Issue();
        var rotated = Create(KeyB, previous: [KeyA]);

        Assert.True(rotated.TryValidate(old, out var validated));
        Assert.Equal(id, validated);
        Assert.Equal(WebChatTokens.KeyId(Convert.FromBase64String(KeyB)), rotated.Issue(id).Split('.')[1]);
        Assert.NotEqual(old.Split('.')[1], rotated.Issue(id).Split('.')[1]);
        Assert.False(Create(KeyB).TryValidate(old, out _)); // once the old key is gone, so are its tokens
    }

    [Fact]
    public void TryValidate_LegacyFormat_AcceptedOnlyWhenAllowed()
    {
        // The format before key ids and expiry: "{id}.{base64url(HMAC-SHA256(key, id))}".
        const string id = "c_legacy";
        var legacy = id + "." + Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(KeyA), Encoding.UTF8.GetBytes(id)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.True(Create(KeyA).TryValidate(legacy, out var validated));
        Assert.Equal(id, validated);
        Assert.False(Create(KeyA, legacy: false).TryValidate(legacy, out _));
        Assert.False(Create(KeyB).TryValidate(legacy, out _));
        // Old tokens never expire: refused unless the operator turns them on for the upgrade.
        Assert.False(new WebChatTokens(Options.Create(new WebChatOptions { TokenKey = KeyA }), _time, NullLogger<WebChatTokens>.Instance)
            .TryValidate(legacy, out _));
    }
}
