using System.Net;
using System.Net.Sockets;
using ChatHub.Hub.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using ChatHub.Testing.Telegram;

namespace ChatHub.Hub.Tests.Telegram;

/// <summary>Start-up: setWebhook, the adapter off without a token, unsafe configuration refused, Telegram unreachable.</summary>
public sealed class TelegramStartupTests
{
    [Fact]
    public async Task Start_PublicUrlSet_CallsSetWebhookWithSecretAndAllowedUpdates()
    {
        await using var hub = await TelegramHub.StartAsync(new Dictionary<string, string?> { ["Channels:Telegram:PublicUrl"] = "https://chat.example.com/" });

        var call = (await hub.Fake.WaitForCallsAsync("setWebhook").DefaultTimeout())[0];

        Assert.Equal("https://chat.example.com/webhooks/telegram", call.Body["url"]!.GetValue<string>());
        Assert.Equal(TelegramHub.Secret, call.Body["secret_token"]!.GetValue<string>());
        Assert.Equal(["message", "edited_message", "channel_post", "edited_channel_post", "callback_query"],
            call.Body["allowed_updates"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Single(hub.Fake.CallsTo("getMe"));
    }

    [Fact]
    public async Task Start_NoToken_AdapterOffAndNoWebhookEndpoint()
    {
        await using var server = await HubServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var response = await http.PostAsync(new Uri("/webhooks/telegram", UriKind.Relative), new StringContent("{}")).DefaultTimeout();
        var ready = await http.GetStringAsync(new Uri("/readyz", UriKind.Relative)).DefaultTimeout();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("telegram", ready, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WebhookModeWithoutSecret_HostRefusesToStart()
    {
        await using var fake = await FakeBotApi.StartAsync().DefaultTimeout();
        var settings = TelegramHub.Settings(fake);
        settings["Channels:Telegram:WebhookSecret"] = null;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => HubServer.StartAsync(settings)).DefaultTimeout();

        Assert.Contains("WebhookSecret is required", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("TEST-token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_TelegramUnreachable_HubRunsNotReadyAndWebhookSays503()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        await using var hub = await TelegramHub.StartAsync(new Dictionary<string, string?> { ["Channels:Telegram:ApiBaseUrl"] = $"http://127.0.0.1:{closedPort}" });
        var ready = await hub.Http.GetAsync(new Uri("/readyz", UriKind.Relative)).DefaultTimeout();
        var readyBody = await ready.Content.ReadAsStringAsync().DefaultTimeout();
        var webhook = await hub.PostUpdateAsync(TelegramUpdates.Private(9500000001, 1, "hello"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("getMe", readyBody, StringComparison.Ordinal);
        Assert.DoesNotContain("TEST-token", readyBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, webhook.StatusCode);
        Assert.NotNull(webhook.Headers.RetryAfter);
        Assert.Empty(hub.Bus.Inbound);
    }
}
