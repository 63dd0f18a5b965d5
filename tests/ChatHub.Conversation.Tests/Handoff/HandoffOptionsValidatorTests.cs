using ChatHub.Conversation.Handoff;

namespace ChatHub.Conversation.Tests.Handoff;

public sealed class HandoffOptionsValidatorTests
{
    [Theory]
    [InlineData(null, null, "1.00:00:00", null)]
    [InlineData("telegram", "-100123", "1.00:00:00", null)]
    [InlineData("discord", "740000000000000001", "00:30:00", null)]
    [InlineData("teams", "19:abc@thread.tacv2", "1.00:00:00", null)]
    [InlineData("discord", null, "1.00:00:00", "go together")]
    [InlineData(null, "-100123", "1.00:00:00", "go together")]
    [InlineData("admin", null, "1.00:00:00", null)]
    [InlineData("admin", "-100123", "1.00:00:00", "not used when Handoff:Operator:Channel is admin")]
    [InlineData("slack", "C123", "1.00:00:00", "must be one of telegram, discord, teams, admin")]
    [InlineData("Telegram", "-100123", "1.00:00:00", "must be one of")]
    [InlineData("telegram", "-100123", "00:00:00", "Handoff:Expiry must be positive")]
    public void Validate_Settings_FailsWithAReasonOrPasses(string? channel, string? chatId, string expiry, string? failure)
    {
        var options = new HandoffOptions { Operator = { Channel = channel, ChatId = chatId }, Expiry = TimeSpan.Parse(expiry, System.Globalization.CultureInfo.InvariantCulture) };

        var result = new HandoffOptionsValidator().Validate(null, options);

        if (failure is null)
        {
            Assert.True(result.Succeeded, result.FailureMessage);
            Assert.Equal(channel is not null, options.Enabled);
        }
        else
        {
            Assert.Contains(failure, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("teams", "https://smba.trafficmanager.net/emea/", null)]
    [InlineData("telegram", "https://smba.trafficmanager.net/emea/", "for a Teams operators' channel only")]
    public void Validate_ServiceUrl_OnlyForTeams(string channel, string serviceUrl, string? failure)
    {
        var options = new HandoffOptions { Operator = { Channel = channel, ChatId = "19:abc@thread.tacv2", ServiceUrl = serviceUrl } };

        var result = new HandoffOptionsValidator().Validate(null, options);

        Assert.Equal(failure is null, result.Succeeded);
        Assert.Contains(failure ?? "", result.FailureMessage ?? "", StringComparison.Ordinal);
    }
}
