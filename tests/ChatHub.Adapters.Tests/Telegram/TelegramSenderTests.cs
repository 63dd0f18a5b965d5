using System.Globalization;
using System.Text;
using ChatHub.Adapters.Telegram;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using ChatHub.Testing.Telegram;
using Microsoft.Extensions.DependencyInjection;

namespace ChatHub.Adapters.Tests.Telegram;

/// <summary>The egress sender against the loopback fake: splitting, threading, retries, permanent failures, streaming.</summary>
public sealed class TelegramSenderTests : IAsyncLifetime
{
    private const long Chat = 7123456789;
    private FakeBotApi _fake = null!;
    private ServiceProvider _services = null!;

    private IChannelSender Sender => _services.GetServices<IChannelSender>().Single();

    public async Task InitializeAsync()
    {
        _fake = await FakeBotApi.StartAsync();
        _services = TelegramServices.Build(_fake);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _fake.DisposeAsync();
    }

    internal static OutboundMessage Reply(string text, OutboundKind kind = OutboundKind.Final, long chat = Chat, string id = "re_1", string? thread = null,
        string chatType = "private") => new()
    {
        Id = id,
        Conversation = new ConversationRef(ChannelNames.Telegram, "123456", chat.ToString(CultureInfo.InvariantCulture), thread),
        Kind = kind,
        Text = text,
        ReplyToPlatformMessageId = "101",
        Properties = new Dictionary<string, string> { [TelegramProperties.ChatType] = chatType },
    };

    internal static string LongAnswer(int length)
    {
        var text = new StringBuilder();
        for (var i = 0; text.Length < length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"Sentence {i} of a long answer, with ünïcödé and 🚀. ");
        }

        return text.ToString(0, length).TrimEnd();
    }

    private static string NoWhitespace(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    [Fact]
    public async Task Final_ShortReply_OnePlainMessageThreadedToTheQuestion()
    {
        var result = await Sender.SendAsync(Reply("Hello *world* <b>"), CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendResult.Sent, result);
        var call = Assert.Single(_fake.CallsTo("sendMessage"));
        Assert.Equal("Hello *world* <b>", call.Text);
        Assert.Equal(101, call.ReplyToMessageId);
        Assert.False(call.Body.ContainsKey("parse_mode"));
    }

    [Fact]
    public async Task Final_WithSuggestions_InlineKeyboardOneButtonARowWithIndexData()
    {
        var result = await Sender.SendAsync(Reply("Pick one") with { Suggestions = ["Which platforms?", "Как связать аккаунты? 🔗"] }, CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendResult.Sent, result);
        var markup = Assert.Single(_fake.CallsTo("sendMessage")).Body["reply_markup"]!.AsObject();
        var rows = markup["inline_keyboard"]!.AsArray();
        Assert.Equal(2, rows.Count);
        Assert.Equal("Which platforms?", rows[0]![0]!["text"]!.GetValue<string>());
        Assert.Equal("s0", rows[0]![0]!["callback_data"]!.GetValue<string>());
        Assert.Equal("Как связать аккаунты? 🔗", rows[1]![0]!["text"]!.GetValue<string>());
        Assert.Equal("s1", rows[1]![0]!["callback_data"]!.GetValue<string>());
    }

    [Fact]
    public async Task Final_WithSuggestionsAndLinks_CallbackRowsThenUrlRows()
    {
        var reply = Reply("Pick one") with
        {
            Suggestions = ["Which platforms?"],
            Links = [new LinkButton("Docs", "https://docs.example/a?b=1"), new LinkButton("Bad", "tg://resolve?domain=x")],
        };

        var result = await Sender.SendAsync(reply, CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendResult.Sent, result);
        var rows = Assert.Single(_fake.CallsTo("sendMessage")).Body["reply_markup"]!["inline_keyboard"]!.AsArray();
        Assert.Equal(2, rows.Count); // the tg: address is not a usable link
        Assert.Equal("s0", rows[0]![0]!["callback_data"]!.GetValue<string>());
        Assert.Equal(("Docs", "https://docs.example/a?b=1"), (rows[1]![0]!["text"]!.GetValue<string>(), rows[1]![0]!["url"]!.GetValue<string>()));
        Assert.Null(rows[1]![0]!["callback_data"]);
    }

    [Fact]
    public async Task Final_LongReplyWithSuggestions_KeyboardOnlyOnTheLastPart()
    {
        await Sender.SendAsync(Reply(LongAnswer(10_000)) with { Suggestions = ["More?"] }, CancellationToken.None).DefaultTimeout();

        var calls = _fake.CallsTo("sendMessage");
        Assert.True(calls.Count > 1);
        Assert.All(calls.SkipLast(1), call => Assert.False(call.Body.ContainsKey("reply_markup")));
        Assert.Equal(["More?"], _fake.MessagesIn(Chat)[^1].ButtonTexts);
    }

    [Fact]
    public async Task Final_NoSuggestions_NoReplyMarkup()
    {
        await Sender.SendAsync(Reply("Plain"), CancellationToken.None).DefaultTimeout();

        Assert.False(Assert.Single(_fake.CallsTo("sendMessage")).Body.ContainsKey("reply_markup"));
    }

    [Fact]
    public async Task Final_ForumTopic_SentToTheThread()
    {
        await Sender.SendAsync(Reply("In the topic", chat: -1001234567894, thread: "77", chatType: "supergroup"), CancellationToken.None).DefaultTimeout();

        Assert.Equal(77, Assert.Single(_fake.CallsTo("sendMessage")).ThreadId);
    }

    [Fact]
    public async Task Final_TenThousandCharacters_OrderedPartsFirstThreaded()
    {
        var answer = LongAnswer(10_000);

        var result = await Sender.SendAsync(Reply(answer), CancellationToken.None).DefaultTimeout();

        var messages = _fake.MessagesIn(Chat);
        Assert.Equal(SendResult.Sent, result);
        Assert.Equal(3, messages.Count);
        Assert.All(messages, m => Assert.InRange(m.Text.Length, 1, 4096));
        Assert.Equal(NoWhitespace(answer), NoWhitespace(string.Concat(messages.Select(m => m.Text))));
        Assert.Equal([101L, null, null], messages.Select(m => m.ReplyTo));
    }

    [Fact]
    public async Task Final_RateLimited_PausesThenDeliversOnce()
    {
        _fake.FailNext("sendMessage", 429, "Too Many Requests: retry after 1", chatId: Chat, retryAfter: 1);

        var result = await Sender.SendAsync(Reply("after the pause"), CancellationToken.None).DefaultTimeout();

        var calls = _fake.CallsTo("sendMessage");
        Assert.Equal(SendResult.Sent, result);
        Assert.Equal([429, 200], calls.Select(c => c.Status));
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(0.95), "retry_after was not honoured");
        Assert.Single(_fake.MessagesIn(Chat));
    }

    [Fact]
    public async Task Final_RetryAfterBeyondMaxWait_Transient()
    {
        await using var services = TelegramServices.Build(_fake, settings: new Dictionary<string, string?> { ["Channels:Telegram:MaxRetryAfterWait"] = "00:00:05" });
        _fake.FailNext("sendMessage", 429, "Too Many Requests: retry after 30", chatId: Chat, retryAfter: 30);

        var result = await services.GetServices<IChannelSender>().Single().SendAsync(Reply("x"), CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendStatus.Transient, result.Status);
        Assert.Contains("429", result.Reason, StringComparison.Ordinal);
        Assert.Single(_fake.CallsTo("sendMessage"));
    }

    [Fact]
    public async Task Final_ServerErrorsThenOk_RetriedAndSent()
    {
        _fake.FailNext("sendMessage", 500, "Internal Server Error", chatId: Chat, times: 2);

        var result = await Sender.SendAsync(Reply("eventually"), CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendResult.Sent, result);
        Assert.Equal([500, 500, 200], _fake.CallsTo("sendMessage").Select(c => c.Status));
    }

    [Fact]
    public async Task Final_ServerErrorsPersist_TransientAfterMaxAttempts()
    {
        _fake.FailNext("sendMessage", 502, "Bad Gateway", chatId: Chat, times: 100);

        var result = await Sender.SendAsync(Reply("never"), CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendStatus.Transient, result.Status);
        Assert.Equal(5, _fake.CallsTo("sendMessage").Count);
    }

    [Fact]
    public async Task Final_Timeouts_TransientNotThrown()
    {
        await using var services = TelegramServices.Build(_fake, settings: new Dictionary<string, string?>
        {
            ["Channels:Telegram:RequestTimeout"] = "00:00:00.200",
            ["Channels:Telegram:MaxSendAttempts"] = "2",
        });
        _fake.FailNext("sendMessage", 500, "late", chatId: Chat, times: 2, hang: TimeSpan.FromSeconds(10));

        var result = await services.GetServices<IChannelSender>().Single().SendAsync(Reply("slow"), CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendStatus.Transient, result.Status);
        Assert.Contains("Timeout", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(403, "Forbidden: bot was blocked by the user")]
    [InlineData(403, "Forbidden: bot was kicked from the group chat")]
    [InlineData(400, "Bad Request: chat not found")]
    public async Task Final_BlockedOrChatGone_PermanentWithReason(int code, string description)
    {
        _fake.FailNext("sendMessage", code, description, chatId: Chat);

        var result = await Sender.SendAsync(Reply("unwanted"), CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendStatus.Permanent, result.Status);
        Assert.Contains(description, result.Reason, StringComparison.Ordinal);
        Assert.Single(_fake.CallsTo("sendMessage")); // not retried
    }

    [Fact]
    public async Task Final_GroupMigrated_ResentToSupergroupAndRemembered()
    {
        const long group = -4001234567;
        const long supergroup = -1009876543210;
        _fake.FailNext("sendMessage", 400, "Bad Request: group chat was upgraded to a supergroup chat", chatId: group, migrateToChatId: supergroup);

        var first = await Sender.SendAsync(Reply("one", chat: group, id: "re_a", chatType: "group"), CancellationToken.None).DefaultTimeout();
        var second = await Sender.SendAsync(Reply("two", chat: group, id: "re_b", chatType: "group"), CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendResult.Sent, first);
        Assert.Equal(SendResult.Sent, second);
        Assert.Equal([group, supergroup, supergroup], _fake.CallsTo("sendMessage").Select(c => c.ChatId!.Value));
        Assert.Equal(["one", "two"], _fake.MessagesIn(supergroup).Select(m => m.Text));
    }

    [Fact]
    public async Task Final_DeliveredTwice_SentOnce()
    {
        await Sender.SendAsync(Reply("once"), CancellationToken.None).DefaultTimeout();
        var again = await Sender.SendAsync(Reply("once"), CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendResult.Sent, again);
        Assert.Single(_fake.MessagesIn(Chat));
    }

    [Fact]
    public async Task Final_TransientAfterFirstPart_RetryContinuesWithoutDuplicates()
    {
        await using var services = TelegramServices.Build(_fake, settings: new Dictionary<string, string?> { ["Channels:Telegram:MaxSendAttempts"] = "1" });
        var sender = services.GetServices<IChannelSender>().Single();
        _fake.FailNext("sendMessage", 500, "Internal Server Error", chatId: Chat, afterCalls: 1);
        var answer = LongAnswer(10_000);

        var first = await sender.SendAsync(Reply(answer), CancellationToken.None).DefaultTimeout();
        var retry = await sender.SendAsync(Reply(answer), CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendStatus.Transient, first.Status);
        Assert.Equal(SendResult.Sent, retry);
        var messages = _fake.MessagesIn(Chat);
        Assert.Equal(3, messages.Count);
        Assert.Equal(NoWhitespace(answer), NoWhitespace(string.Concat(messages.Select(m => m.Text))));
    }

    [Fact]
    public async Task Final_EmptyText_Permanent()
    {
        var result = await Sender.SendAsync(Reply("  \n "), CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendStatus.Permanent, result.Status);
        Assert.Empty(_fake.CallsTo("sendMessage"));
    }

    [Fact]
    public async Task Final_NotATelegramChatId_Permanent()
    {
        var message = Reply("x") with { Conversation = new ConversationRef(ChannelNames.Telegram, "123456", "not-a-number") };

        var result = await Sender.SendAsync(message, CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendStatus.Permanent, result.Status);
    }
}
