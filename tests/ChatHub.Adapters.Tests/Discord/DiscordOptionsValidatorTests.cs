using ChatHub.Adapters.Discord;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using ChatHub.Testing.Discord;

namespace ChatHub.Adapters.Tests.Discord;

/// <summary>Bad configuration stops the host at start; messages name the key, never the token.</summary>
public sealed class DiscordOptionsValidatorTests
{
    private static ValidateOptionsResult Validate(Action<DiscordOptions> change)
    {
        var options = new DiscordOptions { Token = FakeDiscord.Token };
        change(options);
        return new DiscordOptionsValidator().Validate(null, options);
    }

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(Validate(_ => { }).Succeeded);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("Bot MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.test-signature_abcdef")]
    [InlineData("MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.test signature with spaces")]
    public void Validate_NotAToken_FailsWithoutRepeatingIt(string? token)
    {
        var result = Validate(o => o.Token = token);

        Assert.True(result.Failed);
        Assert.Contains("Channels:Discord:Token", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("GhIjKl", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoMessageIntents_Fails()
    {
        var result = Validate(o => o.Intents = DiscordIntents.Guilds | DiscordIntents.MessageContent);

        Assert.Contains("Intents", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AllGuildMessagesWithoutMessageContent_Fails()
    {
        var result = Validate(o =>
        {
            o.GuildMessages = DiscordGuildMode.All;
            o.Intents = DiscordIntents.Guilds | DiscordIntents.GuildMessages;
        });

        Assert.Contains("MessageContent", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadUrlAndTimes_Fail()
    {
        var result = Validate(o =>
        {
            o.ApiBaseUrl = new Uri("ftp://discord.com/api");
            o.RequestTimeout = TimeSpan.Zero;
            o.ReconnectMaxDelay = TimeSpan.FromMilliseconds(1);
        });

        Assert.Contains("ApiBaseUrl", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("RequestTimeout", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("ReconnectMaxDelay", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("37377")]
    [InlineData("Guilds, GuildMessages, DirectMessages, MessageContent")]
    [InlineData("ChatHub")]
    public void Bind_Intents_ByNumberOrNames(string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Channels:Discord:Intents"] = value,
            ["Channels:Discord:GuildMessages"] = "all",
        }).Build();

        var options = configuration.GetSection(DiscordOptions.SectionName).Get<DiscordOptions>()!;

        Assert.Equal(DiscordIntents.ChatHub, options.Intents);
        Assert.Equal(37377, (int)options.Intents);
        Assert.Equal(DiscordGuildMode.All, options.GuildMessages);
    }

    [Fact]
    public void ToString_RedactsTheToken()
    {
        var text = new DiscordOptions { Token = FakeDiscord.Token }.ToString();

        Assert.DoesNotContain(FakeDiscord.Token, text, StringComparison.Ordinal);
        Assert.Contains("Token=***", text, StringComparison.Ordinal);
    }
}
