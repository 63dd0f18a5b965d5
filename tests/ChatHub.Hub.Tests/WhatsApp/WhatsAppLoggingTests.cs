using ChatHub.Testing.Logging;
using ChatHub.Testing.WhatsApp;

namespace ChatHub.Hub.Tests.WhatsApp;

/// <summary>The access token, app secret and verify token never reach a log at any level; message text not above Debug; platform text escaped.</summary>
public sealed class WhatsAppLoggingTests
{
    [Fact]
    public async Task Logs_TrafficWithFailures_NeverContainSecretsNorMessageTextAboveDebug()
    {
        const string question = "What is ChatHub? zebra-4242";
        var logs = new CapturingLoggerProvider();
        var person = WhatsAppHub.NextWaId();
        await using (var hub = await WhatsAppHub.StartAsync(configure: logs.Install))
        {
            hub.Api.FailNext(500, 131000, person);
            hub.Api.FailNext(429, 131056, person);
            await hub.SendTextAsync(person, WhatsAppHub.NextMessageId(), question);
            var forged = WhatsAppNotifications.Text(WhatsAppHub.PhoneNumberId, person, WhatsAppHub.NextMessageId(), question);
            await hub.PostAsync(forged, WhatsAppNotifications.Sign(forged, "wrong"));
            await hub.PostAsync(WhatsAppNotifications.Status(WhatsAppHub.PhoneNumberId, "wamid.x", "failed", person, 131026, "Undeliverable\r\nFAKE LINE zebra-4242"));
            await hub.VerifyAsync("subscribe", "wrong-verify-token-0000", "123");
            await hub.VerifyAsync("subscribe", WhatsAppHub.VerifyToken, "123");
            await hub.Api.WaitForDeliveredAsync(person).DefaultTimeout();
        }

        Assert.Contains(logs.Entries, e => e.Category.StartsWith("ChatHub.Adapters.WhatsApp", StringComparison.Ordinal) && e.Level >= LogLevel.Warning);
        foreach (var secret in (string[])["EAAG-fake-access-token", WhatsAppHub.AppSecret])
        {
            Assert.DoesNotContain(logs.Entries, e => e.Text.Contains(secret, StringComparison.Ordinal));
        }

        // Meta sends the verify token in the handshake's query string: ASP.NET Core's own request lines
        // (Microsoft.AspNetCore.Hosting.Diagnostics, Information; the hub's default level for Microsoft.AspNetCore is
        // Warning) would show it, as docs/security.md says. No other category may.
        Assert.DoesNotContain(logs.Entries, e => e.Text.Contains(WhatsAppHub.VerifyToken, StringComparison.Ordinal)
            && e.Category != "Microsoft.AspNetCore.Hosting.Diagnostics");

        Assert.DoesNotContain(logs.Entries, e => e.Text.Contains("\nFAKE LINE", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Level > LogLevel.Debug && e.Text.Contains("What is ChatHub? zebra", StringComparison.Ordinal)
            && (e.Category.Contains("WhatsApp", StringComparison.Ordinal) || e.Category.StartsWith("System.Net.Http", StringComparison.Ordinal)));
    }
}
