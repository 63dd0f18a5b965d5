using System.Net;
using ChatHub.Testing.WhatsApp;

namespace ChatHub.Hub.Tests.WhatsApp;

/// <summary>
/// /webhooks/whatsapp on a real hub against the fake Cloud API: the handshake, the signature checked on the raw body
/// before parsing, a person's message answered, redeliveries and stale replays not answered twice.
/// </summary>
public sealed class WhatsAppWebhookTests : IClassFixture<WhatsAppHubFixture>
{
    private readonly WhatsAppHub _hub;

    public WhatsAppWebhookTests(WhatsAppHubFixture fixture) => _hub = fixture.Hub;

    [Fact]
    public async Task Message_TextFromPerson_MarkedReadWithTypingThenAnsweredQuotingIt()
    {
        var person = WhatsAppHub.NextWaId();
        var id = WhatsAppHub.NextMessageId();

        using var response = await _hub.SendTextAsync(person, id, "What is ChatHub?");
        var reply = (await _hub.Api.WaitForDeliveredAsync(person).DefaultTimeout())[0];

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WhatsAppHub.PhoneNumberId, reply.PhoneNumberId);
        Assert.Equal("interactive", reply.Type); // the knowledge entry has suggested replies: a list message
        Assert.Equal(id, reply.ReplyTo);
        Assert.False(string.IsNullOrWhiteSpace(reply.Text));
        Assert.Equal("Bearer " + _hub.Api.AccessToken, reply.Authorization);
        var inbound = Assert.Single(_hub.Bus.Inbound, m => m.PlatformMessageId == id);
        Assert.Equal(("whatsapp", WhatsAppHub.PhoneNumberId, person), (inbound.Conversation.Channel, inbound.Conversation.BotId, inbound.Conversation.ChatId));
        Assert.Equal("Kerry Fisher", inbound.From.DisplayName);
        var read = Assert.Single(_hub.Api.Calls, c => c.Type == "read" && c.ReadMessageId == id);
        Assert.True(read.Typing);
    }

    [Fact]
    public async Task Post_ForgedSignature_401AndNotPublished()
    {
        var id = WhatsAppHub.NextMessageId();
        var body = WhatsAppNotifications.Text(WhatsAppHub.PhoneNumberId, WhatsAppHub.NextWaId(), id, "/help");

        using var response = await _hub.PostAsync(body, WhatsAppNotifications.Sign(body, "not-the-app-secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("X-Hub-Signature-256", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(_hub.Bus.Inbound, m => m.PlatformMessageId == id);
    }

    [Fact]
    public async Task Post_MissingSignature_401AndNotPublished()
    {
        var id = WhatsAppHub.NextMessageId();

        using var response = await _hub.PostAsync(WhatsAppNotifications.Text(WhatsAppHub.PhoneNumberId, WhatsAppHub.NextWaId(), id, "/help"), signature: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(_hub.Bus.Inbound, m => m.PlatformMessageId == id);
    }

    [Fact]
    public async Task Post_BodyChangedAfterSigning_401AndNotPublished()
    {
        var id = WhatsAppHub.NextMessageId();
        var person = WhatsAppHub.NextWaId();
        var signed = WhatsAppNotifications.Text(WhatsAppHub.PhoneNumberId, person, id, "/help");
        var tampered = signed.Replace("/help", "/link", StringComparison.Ordinal);

        using var response = await _hub.PostAsync(tampered, WhatsAppNotifications.Sign(signed, WhatsAppHub.AppSecret));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(_hub.Bus.Inbound, m => m.PlatformMessageId == id);
    }

    [Theory]
    [InlineData("sha256=")]
    [InlineData("sha1=0123456789abcdef0123456789abcdef01234567")]
    [InlineData("sha256=zz23456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public async Task Post_MalformedSignature_401(string signature)
    {
        using var response = await _hub.PostAsync(
            WhatsAppNotifications.Text(WhatsAppHub.PhoneNumberId, WhatsAppHub.NextWaId(), WhatsAppHub.NextMessageId(), "/help"), signature);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Verify_RightTokenAndSubscribe_EchoesChallenge()
    {
        using var response = await _hub.VerifyAsync("subscribe", WhatsAppHub.VerifyToken, "1158201444");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1158201444", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("subscribe", "verify-token-0123456789abcdeX", "1158201444", HttpStatusCode.Forbidden)]
    [InlineData("subscribe", "", "1158201444", HttpStatusCode.Forbidden)]
    [InlineData("unsubscribe", WhatsAppHub.VerifyToken, "1158201444", HttpStatusCode.Forbidden)]
    [InlineData("subscribe", WhatsAppHub.VerifyToken, "<script>alert(1)</script>", HttpStatusCode.BadRequest)]
    public async Task Verify_WrongTokenModeOrChallenge_RefusedWithReason(string mode, string token, string challenge, HttpStatusCode expected)
    {
        using var response = await _hub.VerifyAsync(mode, token, challenge);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(expected, response.StatusCode);
        Assert.Contains("hub.", body, StringComparison.Ordinal);
        Assert.DoesNotContain(challenge, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_SameMessageDeliveredTwice_AnsweredOnce()
    {
        var person = WhatsAppHub.NextWaId();
        var first = WhatsAppHub.NextMessageId();
        var next = WhatsAppHub.NextMessageId();
        var body = WhatsAppNotifications.Text(WhatsAppHub.PhoneNumberId, person, first, "/help");
        _hub.Api.RecordInbound(person, DateTimeOffset.UtcNow);

        using var once = await _hub.PostAsync(body);
        using var again = await _hub.PostAsync(body); // WhatsApp's redelivery, or a replay of the captured request
        using var later = await _hub.SendTextAsync(person, next, "/help");
        var replies = await _hub.Api.WaitForDeliveredAsync(person, count: 2).DefaultTimeout();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (once.StatusCode, again.StatusCode));
        Assert.Equal([first, next], replies.Select(r => r.ReplyTo));
        Assert.Equal(2, _hub.Api.DeliveredTo(person).Count);
    }

    [Fact]
    public async Task Post_MessageOlderThanMaxAge_AcknowledgedNotAnswered()
    {
        var person = WhatsAppHub.NextWaId();
        var stale = WhatsAppHub.NextMessageId();
        var fresh = WhatsAppHub.NextMessageId();

        using var replayed = await _hub.SendTextAsync(person, stale, "/help", sentAt: DateTimeOffset.UtcNow - TimeSpan.FromDays(2));
        using var current = await _hub.SendTextAsync(person, fresh, "/help");
        var replies = await _hub.Api.WaitForDeliveredAsync(person).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal(fresh, Assert.Single(replies).ReplyTo);
        Assert.DoesNotContain(_hub.Bus.Inbound, m => m.PlatformMessageId == stale);
    }

    [Fact]
    public async Task Post_ImageStatusesAndErrors_AcknowledgedNothingAnswered()
    {
        var person = WhatsAppHub.NextWaId();
        var image = WhatsAppHub.NextMessageId();
        var text = WhatsAppHub.NextMessageId();
        _hub.Api.RecordInbound(person, DateTimeOffset.UtcNow);

        using var imageResponse = await _hub.PostAsync(WhatsAppNotifications.Image(WhatsAppHub.PhoneNumberId, person, image));
        using var delivered = await _hub.PostAsync(WhatsAppNotifications.Status(WhatsAppHub.PhoneNumberId, "wamid.sent1", "delivered", person));
        using var failed = await _hub.PostAsync(WhatsAppNotifications.Status(WhatsAppHub.PhoneNumberId, "wamid.sent2", "failed", person, 131026, "Message undeliverable\n[fake]"));
        using var errors = await _hub.PostAsync(WhatsAppNotifications.Errors(WhatsAppHub.PhoneNumberId, 131051, "Unsupported message type"));
        using var answered = await _hub.SendTextAsync(person, text, "/help");
        var replies = await _hub.Api.WaitForDeliveredAsync(person).DefaultTimeout();

        Assert.All([imageResponse, delivered, failed, errors], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(text, Assert.Single(replies).ReplyTo);
        Assert.DoesNotContain(_hub.Bus.Inbound, m => m.PlatformMessageId == image);
    }

    [Fact]
    public async Task Post_AnotherPhoneNumbersMessage_AcknowledgedNotAnswered()
    {
        var id = WhatsAppHub.NextMessageId();

        using var response = await _hub.PostAsync(WhatsAppNotifications.Text("999999999999999", WhatsAppHub.NextWaId(), id, "/help"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(_hub.Bus.Inbound, m => m.PlatformMessageId == id);
    }

    [Theory]
    [InlineData("{broken", HttpStatusCode.BadRequest)]
    [InlineData("[]", HttpStatusCode.BadRequest)]
    [InlineData("{\"object\":\"page\",\"entry\":[]}", HttpStatusCode.BadRequest)]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"messages\":[{\"id\":5}]}}]}]}", HttpStatusCode.BadRequest)]
    public async Task Post_SignedButMalformed_400WithReason(string body, HttpStatusCode expected)
    {
        using var response = await _hub.PostAsync(body);

        Assert.Equal(expected, response.StatusCode);
        Assert.Contains("WhatsApp notification", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_BodyOverLimit_413()
    {
        var body = WhatsAppNotifications.Text(WhatsAppHub.PhoneNumberId, WhatsAppHub.NextWaId(), WhatsAppHub.NextMessageId(), new string('a', 300 * 1024));

        using var response = await _hub.PostAsync(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
