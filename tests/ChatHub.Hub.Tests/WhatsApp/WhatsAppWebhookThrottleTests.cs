using System.Net;
using ChatHub.Testing.Logging;
using ChatHub.Testing.WhatsApp;

namespace ChatHub.Hub.Tests.WhatsApp;

/// <summary>
/// Forged calls cannot flood the log: past <c>FailedAuthBurst</c> refused calls from one address the webhook answers
/// 429 with Retry-After and logs nothing, while WhatsApp's correctly signed notifications still pass.
/// </summary>
public sealed class WhatsAppWebhookThrottleTests
{
    [Fact]
    public async Task Post_ForgedCallsPastTheBurst_429WithoutLogWhileSignedCallsPass()
    {
        var logs = new CapturingLoggerProvider();
        await using var hub = await WhatsAppHub.StartAsync(
            new Dictionary<string, string?> { ["Channels:WhatsApp:FailedAuthBurst"] = "5", ["Channels:WhatsApp:FailedAuthRefill"] = "00:10:00" },
            logs.Install);
        var person = WhatsAppHub.NextWaId();
        var forged = WhatsAppNotifications.Text(WhatsAppHub.PhoneNumberId, person, WhatsAppHub.NextMessageId(), "/help");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var response = await hub.PostAsync(forged, WhatsAppNotifications.Sign(forged, "guess-" + i));
            statuses.Add(response.StatusCode);
            if (i == 11)
            {
                Assert.Equal("600", response.Headers.GetValues("Retry-After").Single());
            }
        }

        using var verify = await hub.VerifyAsync("subscribe", "guessed-verify-token", "1");
        using var signed = await hub.SendTextAsync(person, WhatsAppHub.NextMessageId(), "/help");
        await hub.Api.WaitForDeliveredAsync(person).DefaultTimeout();

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 7)], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, verify.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal(5, logs.Entries.Count(e => e.EventId == 2401));
    }
}
