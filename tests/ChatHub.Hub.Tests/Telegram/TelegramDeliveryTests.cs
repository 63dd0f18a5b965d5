
namespace ChatHub.Hub.Tests.Telegram;

/// <summary>Telegram egress on a real hub against the fake Bot API: 429 retry_after, blocked bots, migrated groups.</summary>
public sealed class TelegramDeliveryTests : IClassFixture<TelegramHubFixture>
{
    private readonly TelegramHub _hub;

    public TelegramDeliveryTests(TelegramHubFixture fixture) => _hub = fixture.Hub;

    [Fact]
    public async Task Reply_RateLimitedWithRetryAfter2_DelayedThenAllDeliveredInOrder()
    {
        const long chat = 9200000001;
        _hub.Fake.FailNext("sendMessage", 429, "Too Many Requests: retry after 2", chatId: chat, retryAfter: 2);

        await _hub.PostUpdateAsync(TelegramUpdates.Private(chat, 1, "/help"));
        await _hub.PostUpdateAsync(TelegramUpdates.Private(chat, 2, "What is ChatHub?"));
        await _hub.PostUpdateAsync(TelegramUpdates.Private(chat, 3, "Which platforms does ChatHub support?"));
        var calls = await _hub.Fake.WaitForCallsAsync("sendMessage", chat, count: 4).DefaultTimeout();

        Assert.Equal([429, 200, 200, 200], calls.Select(c => c.Status));
        Assert.Equal([1L, 1L, 2L, 3L], calls.Select(c => c.ReplyToMessageId!.Value));
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(1.9), "retry_after=2 was not honoured");
        Assert.Equal(3, _hub.Fake.MessagesIn(chat).Count);
    }

    [Fact]
    public async Task Reply_BotBlocked_DeadLetteredWithReasonNotRetried()
    {
        const long chat = 9200000002;
        _hub.Fake.FailNext("sendMessage", 403, "Forbidden: bot was blocked by the user", chatId: chat);

        await _hub.PostUpdateAsync(TelegramUpdates.Private(chat, 1, "What is ChatHub?"));
        var letter = await _hub.Bus.NextDeadLetterAsync(l => l.Outbound?.Conversation.ChatId == "9200000002").DefaultTimeout();

        Assert.Equal("chat.outbound", letter.SourceTopic);
        Assert.Contains("403", letter.Reason, StringComparison.Ordinal);
        Assert.Contains("blocked", letter.Reason, StringComparison.Ordinal);
        Assert.Single(_hub.Fake.CallsTo("sendMessage", chat));
    }

    [Fact]
    public async Task Reply_ChatNotFound_DeadLettered()
    {
        const long chat = 9200000003;
        _hub.Fake.FailNext("sendMessage", 400, "Bad Request: chat not found", chatId: chat);

        await _hub.PostUpdateAsync(TelegramUpdates.Private(chat, 1, "/help"));
        var letter = await _hub.Bus.NextDeadLetterAsync(l => l.Outbound?.Conversation.ChatId == "9200000003").DefaultTimeout();

        Assert.Contains("chat not found", letter.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reply_ServerErrors_RetriedWithBackoffThenDelivered()
    {
        const long chat = 9200000004;
        _hub.Fake.FailNext("sendMessage", 502, "Bad Gateway", chatId: chat, times: 2);

        await _hub.PostUpdateAsync(TelegramUpdates.Private(chat, 1, "/help"));
        var calls = await _hub.Fake.WaitForCallsAsync("sendMessage", chat, count: 3).DefaultTimeout();

        Assert.Equal([502, 502, 200], calls.Select(c => c.Status));
        Assert.Single(_hub.Fake.MessagesIn(chat));
    }

    [Fact]
    public async Task Reply_GroupUpgradedToSupergroup_ResentToTheNewChat()
    {
        const long group = -4009000001;
        const long supergroup = -1009000000001;
        _hub.Fake.FailNext("sendMessage", 400, "Bad Request: group chat was upgraded to a supergroup chat", chatId: group, migrateToChatId: supergroup);

        await _hub.PostUpdateAsync(TelegramUpdates.Group(group, 5, "/help", type: "group"));
        var resent = await _hub.Fake.WaitForCallsAsync("sendMessage", supergroup).DefaultTimeout();

        Assert.True(resent[0].Succeeded);
        Assert.Single(_hub.Fake.MessagesIn(supergroup));
        Assert.Empty(_hub.Fake.MessagesIn(group));
    }
}
