using ChatHub.Testing.WhatsApp;

namespace ChatHub.Hub.Tests.WhatsApp;

/// <summary>
/// The 24-hour customer-service window with a template configured: outside it (by the hub's own record of the
/// person's last message, or by WhatsApp's 131047) the approved template goes out instead of free-form text.
/// </summary>
public sealed class WhatsAppWindowTests
{
    private static readonly Dictionary<string, string?> Template = new()
    {
        ["Channels:WhatsApp:WindowTemplate:Name"] = "we_have_an_answer",
        ["Channels:WhatsApp:WindowTemplate:Language"] = "en_US",
    };

    [Fact]
    public async Task Reply_HubsRecordSaysWindowClosed_TemplateSentInsteadOfText()
    {
        // A service window shorter than the time a reply takes: every reply is outside it by the hub's own record.
        await using var hub = await WhatsAppHub.StartAsync(new Dictionary<string, string?>(Template) { ["Channels:WhatsApp:ServiceWindow"] = "00:00:00.000001" });
        var person = WhatsAppHub.NextWaId();

        await hub.SendTextAsync(person, WhatsAppHub.NextMessageId(), "/help");
        var sent = (await hub.Api.WaitForDeliveredAsync(person).DefaultTimeout())[0];

        Assert.Equal("template", sent.Type);
        Assert.Equal("we_have_an_answer", sent.TemplateName);
        Assert.Equal("en_US", sent.Body["template"]?["language"]?["code"]?.GetValue<string>());
        Assert.DoesNotContain(hub.Api.Calls, c => c.To == person && c.Type == "text");
    }

    [Fact]
    public async Task Reply_PlatformSaysWindowClosed_TemplateSentAfter131047()
    {
        await using var hub = await WhatsAppHub.StartAsync(Template);
        var person = WhatsAppHub.NextWaId();

        hub.Api.CloseWindow(person); // the platform's record says otherwise (the reply came too late, clocks disagree)
        await hub.PostAsync(WhatsAppNotifications.Text(WhatsAppHub.PhoneNumberId, person, WhatsAppHub.NextMessageId(), "/help"));
        var calls = await hub.Api.WaitForCallsAsync(c => c.To == person && c.IsMessage, count: 2).DefaultTimeout();

        Assert.Equal([("text", 400, (int?)131047), ("template", 200, null)], calls.Select(c => (c.Type, c.Status, c.ErrorCode)));
    }
}
