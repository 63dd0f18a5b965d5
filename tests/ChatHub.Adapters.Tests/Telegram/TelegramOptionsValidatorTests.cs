using ChatHub.Adapters.Telegram;

namespace ChatHub.Adapters.Tests.Telegram;

public sealed class TelegramOptionsValidatorTests
{
    private static TelegramOptions Valid() => new() { Token = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", WebhookSecret = "s3cret_Value-1234" };

    private static IEnumerable<string> Failures(TelegramOptions options) =>
        new TelegramOptionsValidator().Validate(null, options).Failures ?? [];

    [Fact]
    public void Validate_WebhookWithSecret_Succeeds()
    {
        Assert.Empty(Failures(Valid()));
    }

    [Fact]
    public void Validate_WebhookWithoutSecret_FailsUnlessExplicitlyAllowed()
    {
        var options = Valid();
        options.WebhookSecret = null;

        Assert.Contains(Failures(options), f => f.Contains("WebhookSecret is required", StringComparison.Ordinal));
        options.AllowUnauthenticatedWebhook = true;
        Assert.Empty(Failures(options));
    }

    [Fact]
    public void Validate_PollingWithoutSecret_Succeeds()
    {
        var options = Valid();
        options.WebhookSecret = null;
        options.Mode = TelegramMode.Polling;

        Assert.Empty(Failures(options));
    }

    [Theory]
    [InlineData("no-colon")]
    [InlineData(":key")]
    [InlineData("abc:key")]
    [InlineData("123456:")]
    [InlineData("123456:has space")]
    [InlineData("12345678901234567:key")]
    public void Validate_BadToken_FailsWithoutEchoingIt(string token)
    {
        var options = Valid();
        options.Token = token;

        var failure = Assert.Single(Failures(options));
        Assert.Contains("Channels:Telegram:Token", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(token, failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("has space and more chars")]
    [InlineData("semi;colon-and-more-chars")]
    [InlineData("ünïcode-and-more-chars")]
    [InlineData("x")]
    [InlineData("fifteen_chars_x")]
    public void Validate_SecretOutsideTelegramCharset_Fails(string secret)
    {
        var options = Valid();
        options.WebhookSecret = secret;

        Assert.Contains(Failures(options), f => f.Contains("WebhookSecret must be", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sixteen_chars_xy")]
    [InlineData("0123456789abcdefABCDEF_-")]
    public void Validate_SecretOf16OrMoreTelegramCharacters_Passes(string secret)
    {
        var options = Valid();
        options.WebhookSecret = secret;

        Assert.Empty(Failures(options));
    }

    [Fact]
    public void Validate_BadDurationsAndUrls_Fail()
    {
        var options = Valid();
        options.PollingTimeout = TimeSpan.FromSeconds(51);
        options.RequestTimeout = TimeSpan.Zero;
        options.PublicUrl = new Uri("ftp://example.com");

        var failures = Failures(options).ToList();
        Assert.Equal(3, failures.Count);
    }

    [Fact]
    public void ToString_RedactsTokenAndSecret()
    {
        var options = Valid();

        var text = options.ToString();

        Assert.DoesNotContain("AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret_Value-1", text, StringComparison.Ordinal);
        Assert.Contains("123456:***", text, StringComparison.Ordinal);
        Assert.Contains("AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", options.ToString(includeSecrets: true), StringComparison.Ordinal);
    }

    [Fact]
    public void BotId_IsTheTokenPrefix()
    {
        Assert.Equal(123456, Valid().BotId);
    }
}
