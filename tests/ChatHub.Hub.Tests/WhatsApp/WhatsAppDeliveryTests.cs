using ChatHub.Testing.WhatsApp;

namespace ChatHub.Hub.Tests.WhatsApp;

/// <summary>WhatsApp egress on a real hub against the fake Cloud API: throttling retried, permanent errors dead-lettered with the reason.</summary>
public sealed class WhatsAppDeliveryTests : IClassFixture<WhatsAppHubFixture>
{
    private readonly WhatsAppHub _hub;

    public WhatsAppDeliveryTests(WhatsAppHubFixture fixture) => _hub = fixture.Hub;

    [Theory]
    [InlineData(429, 4)]
    [InlineData(400, 131056)]
    [InlineData(400, 130429)]
    [InlineData(500, 131000)]
    public async Task Reply_ThrottledOrServerErrorThenSuccess_RetriedAndDeliveredOnce(int status, int code)
    {
        var person = WhatsAppHub.NextWaId();
        var id = WhatsAppHub.NextMessageId();
        _hub.Api.FailNext(status, code, person, times: 2);

        await _hub.SendTextAsync(person, id, "/help");
        var calls = await _hub.Api.WaitForCallsAsync(c => c.To == person && c.IsMessage, count: 3).DefaultTimeout();

        Assert.Equal([status, status, 200], calls.Select(c => c.Status));
        Assert.All(calls, c => Assert.Equal(id, c.ReplyTo));
        Assert.Single(_hub.Api.DeliveredTo(person));
    }

    [Fact]
    public async Task Reply_PairRateLimitWithRetryAfter_WaitsThePlatformsDelay()
    {
        var person = WhatsAppHub.NextWaId();
        _hub.Api.FailNext(429, 131056, person, retryAfterSeconds: 1);

        await _hub.SendTextAsync(person, WhatsAppHub.NextMessageId(), "/help");
        var calls = await _hub.Api.WaitForCallsAsync(c => c.To == person && c.IsMessage, count: 2).DefaultTimeout();

        Assert.Equal([429, 200], calls.Select(c => c.Status));
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(0.95), "Retry-After was not honoured");
    }

    [Theory]
    [InlineData(400, 131026, "131026")]
    [InlineData(400, 100, "#100")]
    [InlineData(401, 190, "access token")]
    public async Task Reply_PermanentError_DeadLetteredWithReasonNotRetried(int status, int code, string reason)
    {
        var person = WhatsAppHub.NextWaId();
        _hub.Api.FailNext(status, code, person);

        await _hub.SendTextAsync(person, WhatsAppHub.NextMessageId(), "/help");
        var letter = await _hub.Bus.NextDeadLetterAsync(l => l.Outbound?.Conversation.ChatId == person).DefaultTimeout();

        Assert.Equal("chat.outbound", letter.SourceTopic);
        Assert.Contains(reason, letter.Reason, StringComparison.Ordinal);
        Assert.Single(_hub.Api.MessagesTo(person));
    }

    [Fact]
    public async Task Reply_PlatformSaysWindowClosedAndNoTemplate_DeadLetteredWithClearReason()
    {
        var person = WhatsAppHub.NextWaId();
        _hub.Api.CloseWindow(person); // the platform's record says otherwise (the reply came too late, clocks disagree)
        await _hub.PostAsync(WhatsAppNotifications.Text(WhatsAppHub.PhoneNumberId, person, WhatsAppHub.NextMessageId(), "/help"));

        var letter = await _hub.Bus.NextDeadLetterAsync(l => l.Outbound?.Conversation.ChatId == person).DefaultTimeout();

        Assert.Contains("24 hours", letter.Reason, StringComparison.Ordinal);
        Assert.Contains("WindowTemplate", letter.Reason, StringComparison.Ordinal);
        Assert.Empty(_hub.Api.DeliveredTo(person));
    }
}
