
namespace ChatHub.Hub.Tests.BotFramework;

/// <summary>Bot Framework egress on a real hub against the fake connector: 429 Retry-After, permanent failures to chat.dlq.</summary>
public sealed class BotFrameworkDeliveryTests : IClassFixture<BotFrameworkHubFixture>
{
    private readonly BotFrameworkHub _hub;

    public BotFrameworkDeliveryTests(BotFrameworkHubFixture fixture) => _hub = fixture.Hub;

    [Fact]
    public async Task Reply_429WithRetryAfterThenSuccess_DeliveredOnceAndAllInOrder()
    {
        var conversation = "a:1throttled" + BotFrameworkHub.NextId();
        string[] ids = [BotFrameworkHub.NextId(), BotFrameworkHub.NextId(), BotFrameworkHub.NextId()];
        _hub.Connector.FailNext(429, conversation, retryAfterSeconds: 1);

        await _hub.PostActivityAsync(_hub.Activity("personal_message", ids[0], conversation, text: "/help"));
        await _hub.PostActivityAsync(_hub.Activity("personal_message", ids[1], conversation, text: "What is ChatHub?"));
        await _hub.PostActivityAsync(_hub.Activity("personal_message", ids[2], conversation, text: "Which platforms does ChatHub support?"));
        var calls = await _hub.Connector.WaitForMessagesAsync(conversation, count: 4).DefaultTimeout();

        Assert.Equal([429, 201, 201, 201], calls.Select(c => c.Status));
        Assert.Equal([ids[0], ids[0], ids[1], ids[2]], calls.Select(c => c.ReplyToId));
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(0.95), "Retry-After was not honoured");
        Assert.Equal(3, _hub.Connector.MessagesIn(conversation).Count);
    }

    [Theory]
    [InlineData(403, "BotNotInConversationRoster")]
    [InlineData(404, "ConversationNotFound")]
    public async Task Reply_PermanentFailure_DeadLetteredWithReasonNotRetried(int status, string code)
    {
        var conversation = "a:1gone" + BotFrameworkHub.NextId();
        _hub.Connector.FailNext(status, conversation, code: code);

        await _hub.PostActivityAsync(_hub.Activity("personal_message", BotFrameworkHub.NextId(), conversation));
        var letter = await _hub.Bus.NextDeadLetterAsync(l => l.Outbound?.Conversation.ChatId == conversation).DefaultTimeout();

        Assert.Equal("chat.outbound", letter.SourceTopic);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), letter.Reason, StringComparison.Ordinal);
        Assert.Contains(code, letter.Reason, StringComparison.Ordinal);
        Assert.Single(_hub.Connector.CallsTo(conversation, "message"));
    }

    [Fact]
    public async Task Reply_BadGatewayTwice_RetriedThenDelivered()
    {
        var conversation = "a:1flaky" + BotFrameworkHub.NextId();
        _hub.Connector.FailNext(502, conversation, times: 2);

        await _hub.PostActivityAsync(_hub.Activity("personal_message", BotFrameworkHub.NextId(), conversation, text: "/help"));
        var calls = await _hub.Connector.WaitForMessagesAsync(conversation, count: 3).DefaultTimeout();

        Assert.Equal([502, 502, 201], calls.Select(c => c.Status));
        Assert.Single(_hub.Connector.MessagesIn(conversation));
    }
}
