using System.Net;
using System.Text.Json.Nodes;
using ChatHub.Conversation.Pipeline;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Testing.Slack;
using Microsoft.Extensions.Options;

namespace ChatHub.Hub.Tests.Slack;

/// <summary>Start-up: off without a token, bad settings stop the host without echoing secrets, a rejected token shown in /readyz.</summary>
public sealed class SlackStartupTests
{
    [Fact]
    public async Task Start_NoToken_AdapterOffNoEndpoint()
    {
        await using var server = await HubServer.StartAsync().DefaultTimeout();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var ready = await http.GetStringAsync(new Uri("/readyz", UriKind.Relative)).DefaultTimeout();
        var webhook = await http.PostAsync(new Uri("/webhooks/slack", UriKind.Relative), new StringContent("{}")).DefaultTimeout();

        Assert.DoesNotContain("slack", ready, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, webhook.StatusCode);
        Assert.DoesNotContain(server.Services.GetServices<IChannelSender>(), s => s.Channel == "slack");
    }

    [Theory]
    [InlineData("Channels:Slack:BotToken", "Bearer " + FakeSlack.BotToken, "Bearer")]
    [InlineData("Channels:Slack:BotToken", FakeSlack.AppToken, "xapp-1-A0TESTAPP")]
    [InlineData("Channels:Slack:SigningSecret", "short-secret-123", "short-secret-123")]
    [InlineData("Channels:Slack:SigningSecret", null, null)]
    public async Task Start_BadSetting_HostRefusesToStartNamingTheKeyNotTheValue(string key, string? value, string? secretPart)
    {
        await using var fake = await FakeSlack.StartAsync().DefaultTimeout();
        var settings = SlackHub.Settings(fake);
        settings[key] = value;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => HubServer.StartAsync(settings)).DefaultTimeout();

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        if (secretPart is not null)
        {
            Assert.DoesNotContain(secretPart, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Start_SocketModeWithoutAppToken_HostRefusesToStart()
    {
        await using var fake = await FakeSlack.StartAsync().DefaultTimeout();
        var settings = SlackHub.Settings(fake);
        settings["Channels:Slack:Mode"] = "SocketMode";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => HubServer.StartAsync(settings)).DefaultTimeout();

        Assert.Contains("Channels:Slack:AppToken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_TokenRevoked_ReadyzUnhealthyWithSlacksReasonAndEndpointAnswers503()
    {
        var fake = await FakeSlack.StartAsync().DefaultTimeout();
        fake.FailNext("auth.test", "token_revoked");
        await using var hub = await SlackHub.StartAsync(fake: fake).DefaultTimeout();

        var ready = await hub.Http.GetAsync(new Uri("/readyz", UriKind.Relative)).DefaultTimeout();
        var body = JsonNode.Parse(await ready.Content.ReadAsStringAsync().DefaultTimeout())!;
        var slack = body["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "slack")!;
        var webhook = await hub.PostEventAsync(SlackPayloads.DirectMessage("D0REVOKED1", SlackPayloads.NextTs(), "/help"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", slack["status"]!.GetValue<string>());
        Assert.Contains("token_revoked", slack["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, webhook.StatusCode);
        Assert.DoesNotContain(FakeSlack.BotToken, body.ToJsonString(), StringComparison.Ordinal);
    }
}
