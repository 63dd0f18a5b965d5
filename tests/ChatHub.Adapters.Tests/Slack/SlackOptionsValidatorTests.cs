using ChatHub.Adapters.Slack;
using ChatHub.Testing.Slack;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Tests.Slack;

/// <summary>Bad configuration stops the host at start; messages name the key, never a token or the secret.</summary>
public sealed class SlackOptionsValidatorTests
{
    private static ValidateOptionsResult Validate(Action<SlackOptions> change)
    {
        var options = new SlackOptions { BotToken = FakeSlack.BotToken, SigningSecret = FakeSlack.SigningSecret };
        change(options);
        return new SlackOptionsValidator().Validate(null, options);
    }

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(Validate(_ => { }).Succeeded);
    }

    [Fact]
    public void Validate_SocketModeWithAppTokenAndNoSecret_Succeeds()
    {
        Assert.True(Validate(o => (o.Mode, o.SigningSecret, o.AppToken) = (SlackMode.SocketMode, null, FakeSlack.AppToken)).Succeeded);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("xoxb-short")]
    [InlineData("Bearer xoxb-1234567890-1234567890123-TestBotTokenAbcdefgh")]
    [InlineData("xoxp-1234567890-1234567890123-TestUserTokenAbcdefg")]
    [InlineData("xapp-1-A0TESTAPP-1234567890-0123456789abcdef")]
    [InlineData("xoxb-1234567890-1234567890123-TestBotToken Abcdefgh")]
    public void Validate_NotABotToken_FailsWithoutRepeatingIt(string? token)
    {
        var result = Validate(o => o.BotToken = token);

        Assert.True(result.Failed);
        Assert.Contains("Channels:Slack:BotToken", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("1234567890", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("8f742231b10e8888abcd99a0b1c2d3e")]
    [InlineData("8f742231b10e8888abcd99yyyzzz85a5")]
    [InlineData(" 8f742231b10e8888abcd99a0b1c2d3e4")]
    public void Validate_EventsModeWithoutAGoodSigningSecret_FailsWithoutRepeatingIt(string? secret)
    {
        var result = Validate(o => o.SigningSecret = secret);

        Assert.True(result.Failed);
        Assert.Contains("Channels:Slack:SigningSecret", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("8f742231", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SocketModeWithoutAppToken_Fails()
    {
        var result = Validate(o => o.Mode = SlackMode.SocketMode);

        Assert.Contains("Channels:Slack:AppToken", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://slack.com/api/")]
    [InlineData("https://slack.com/api/?token=x")]
    public void Validate_BadApiBaseUrl_Fails(string url)
    {
        Assert.Contains("Channels:Slack:ApiBaseUrl", Validate(o => o.ApiBaseUrl = new Uri(url)).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ClockSkewOverFiveMinutes_Fails()
    {
        Assert.Contains("MaxClockSkew", Validate(o => o.MaxClockSkew = TimeSpan.FromMinutes(6)).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_RedactsEverySecret()
    {
        var text = new SlackOptions { BotToken = FakeSlack.BotToken, SigningSecret = FakeSlack.SigningSecret, AppToken = FakeSlack.AppToken }.ToString();

        Assert.DoesNotContain(FakeSlack.BotToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeSlack.SigningSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeSlack.AppToken, text, StringComparison.Ordinal);
    }
}
