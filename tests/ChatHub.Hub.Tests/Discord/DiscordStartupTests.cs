using System.Net;
using System.Text.Json.Nodes;
using ChatHub.Conversation.Pipeline;
using ChatHub.Hub.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using ChatHub.Testing.Discord;

namespace ChatHub.Hub.Tests.Discord;

/// <summary>Start-up: the adapter off without a token, bad configuration refused, a fatal close code shown in /readyz.</summary>
public sealed class DiscordStartupTests
{
    [Fact]
    public async Task Start_Close4014_StopsReconnectingAndReadyzSaysWhy()
    {
        var fake = await FakeDiscord.StartAsync().DefaultTimeout();
        fake.CloseOnIdentify = (4014, "Disallowed intent(s).");
        await using var hub = await DiscordHub.StartAsync(fake: fake).DefaultTimeout();

        await hub.Gateway.ExecuteTask!.DefaultTimeout(); // the gateway loop ended for good
        var ready = await hub.Http.GetAsync(new Uri("/readyz", UriKind.Relative)).DefaultTimeout();
        var body = JsonNode.Parse(await ready.Content.ReadAsStringAsync().DefaultTimeout())!;
        var discord = body["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "discord")!;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", discord["status"]!.GetValue<string>());
        var description = discord["description"]!.GetValue<string>();
        Assert.Contains("4014", description, StringComparison.Ordinal);
        Assert.Contains("Privileged Gateway Intents", description, StringComparison.Ordinal);
        Assert.Contains("not reconnecting", description, StringComparison.Ordinal);
        Assert.Single(fake.Connections);
        Assert.DoesNotContain(FakeDiscord.Token, body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NoToken_AdapterOff()
    {
        await using var server = await HubServer.StartAsync().DefaultTimeout();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var ready = await http.GetStringAsync(new Uri("/readyz", UriKind.Relative)).DefaultTimeout();

        Assert.DoesNotContain("discord", ready, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Services.GetServices<IChannelSender>(), s => s.Channel == "discord");
    }

    [Fact]
    public async Task Start_TokenWithBotPrefix_HostRefusesToStartWithoutEchoingIt()
    {
        await using var fake = await FakeDiscord.StartAsync().DefaultTimeout();
        var settings = DiscordHub.Settings(fake);
        settings["Channels:Discord:Token"] = "Bot " + FakeDiscord.Token;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => HubServer.StartAsync(settings)).DefaultTimeout();

        Assert.Contains("Channels:Discord:Token", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("test-signature", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AllGuildMessagesWithoutMessageContentIntent_HostRefusesToStart()
    {
        await using var fake = await FakeDiscord.StartAsync().DefaultTimeout();
        var settings = DiscordHub.Settings(fake);
        settings["Channels:Discord:GuildMessages"] = "all";
        settings["Channels:Discord:Intents"] = "Guilds, GuildMessages, DirectMessages";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => HubServer.StartAsync(settings)).DefaultTimeout();

        Assert.Contains("MessageContent", error.Message, StringComparison.Ordinal);
    }
}
