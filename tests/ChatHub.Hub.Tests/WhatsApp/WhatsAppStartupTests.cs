using System.Net;
using System.Text.Json;
using ChatHub.Hub.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace ChatHub.Hub.Tests.WhatsApp;

/// <summary>The adapter in the real composition: off without a phone number id, bad settings stop the hub, readiness lists it.</summary>
public sealed class WhatsAppStartupTests
{
    [Fact]
    public async Task Start_WithoutPhoneNumberId_NoWebhookMapped()
    {
        await using var server = await HubServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await http.PostAsync(new Uri("/webhooks/whatsapp", UriKind.Relative), new StringContent("{}")).DefaultTimeout();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Start_IngressWithoutAppSecret_StopsNamingTheKeyNotTheToken()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Channels:WhatsApp:PhoneNumberId"] = "106540352242922",
            ["Channels:WhatsApp:AccessToken"] = "EAAG-token-never-shown",
            ["Channels:WhatsApp:VerifyToken"] = "verify-token-never-shown",
        };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => HubServer.StartAsync(settings)).DefaultTimeout();

        Assert.Contains("Channels:WhatsApp:AppSecret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("never-shown", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_Configured_ListsTheWhatsAppCheckHealthy()
    {
        await using var hub = await WhatsAppHub.StartAsync();

        using var response = await hub.Http.GetAsync(new Uri("/readyz", UriKind.Relative)).DefaultTimeout();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("whatsapp", body.RootElement.ToString(), StringComparison.Ordinal);
    }
}
