using ChatHub.Adapters.Telegram.Egress;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using static ChatHub.Adapters.Tests.Telegram.TelegramSenderTests;
using ChatHub.Testing.Telegram;

namespace ChatHub.Adapters.Tests.Telegram;

/// <summary>Typing, progressive (edited) replies and their throttling, on a manual clock against the fake.</summary>
public sealed class TelegramStreamingTests : IAsyncLifetime
{
    private const long Chat = 7123456789;
    private readonly ManualTimeProvider _time = new();
    private FakeBotApi _fake = null!;
    private ServiceProvider _services = null!;

    private IChannelSender Sender => _services.GetServices<IChannelSender>().Single();

    public async Task InitializeAsync()
    {
        _fake = await FakeBotApi.StartAsync();
        _services = TelegramServices.Build(_fake, time: _time);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _fake.DisposeAsync();
    }

    private Task<SendResult> SendAsync(OutboundMessage message) => Sender.SendAsync(message, CancellationToken.None).AsTask().DefaultTimeout();

    [Fact]
    public async Task Partial_ThenFinalWithSameTextAndSuggestions_KeyboardAddedByAnEdit()
    {
        await SendAsync(Reply("ChatHub is a hub.", OutboundKind.Partial));
        var final = await SendAsync(Reply("ChatHub is a hub.") with { Suggestions = ["Which platforms?"] });

        Assert.Equal(SendResult.Sent, final);
        var message = Assert.Single(_fake.MessagesIn(Chat));
        Assert.Equal(["Which platforms?"], message.ButtonTexts);
        Assert.False(Assert.Single(_fake.CallsTo("sendMessage")).Body.ContainsKey("reply_markup"));
    }

    [Fact]
    public async Task Partials_ThenFinal_OneMessageEditedInPlaceEndingWithCompleteText()
    {
        await SendAsync(Reply("Chat", OutboundKind.Partial));
        _time.Advance(TimeSpan.FromSeconds(1));
        await SendAsync(Reply("ChatHub is", OutboundKind.Partial));
        _time.Advance(TimeSpan.FromSeconds(1));
        var final = await SendAsync(Reply("ChatHub is a hub."));

        Assert.Equal(SendResult.Sent, final);
        var message = Assert.Single(_fake.MessagesIn(Chat));
        Assert.Equal("ChatHub is a hub.", message.Text);
        Assert.Equal(2, message.Edits);
        Assert.Equal(101, message.ReplyTo);
        Assert.Equal(["Chat", "ChatHub is", "ChatHub is a hub."], _fake.Calls.Select(c => c.Text));
    }

    [Fact]
    public async Task Partials_Markdown_EachEditFormattedTheFinalCarriesTheWholeFormattedText()
    {
        await SendAsync(Reply("Use **bo", OutboundKind.Partial) with { Source = ReplySource.Model });
        _time.Advance(TimeSpan.FromSeconds(1));
        await SendAsync(Reply("Use **bold** and `co", OutboundKind.Partial) with { Source = ReplySource.Model });
        _time.Advance(TimeSpan.FromSeconds(1));
        await SendAsync(Reply("Use **bold** and `code`.") with { Source = ReplySource.Model });

        // An unclosed "**" or "`" is text until the model closes it; each edit sends the entities of the text so far.
        Assert.Equal(["Use **bo", "Use bold and `co", "Use bold and code."], _fake.Calls.Select(c => c.Text));
        Assert.Equal(
            [[], [new SentEntity("bold", 4, 4)], [new SentEntity("bold", 4, 4), new SentEntity("code", 13, 4)]],
            _fake.Calls.Select(c => c.Entities));
        Assert.All(_fake.Calls, c => Assert.Null(c.ParseMode));
        Assert.Equal("Use bold and code.", Assert.Single(_fake.MessagesIn(Chat)).Text);
    }

    [Fact]
    public async Task Partials_FasterThanEditInterval_SkippedAndFinalCatchesUp()
    {
        await SendAsync(Reply("one", OutboundKind.Partial));
        await SendAsync(Reply("one two", OutboundKind.Partial));
        await SendAsync(Reply("one two three", OutboundKind.Partial));
        await SendAsync(Reply("one two three four"));

        Assert.DoesNotContain(_fake.CallsTo("editMessageText"), c => c.Text is "one two" or "one two three");
        Assert.Equal("one two three four", Assert.Single(_fake.MessagesIn(Chat)).Text);
    }

    [Fact]
    public async Task Partials_OverChatBudget_SkippedNotQueued()
    {
        for (var i = 1; i <= 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1.0 / 4)); // four partials a second: more than the chat's budget
            await SendAsync(Reply(new string('x', i), OutboundKind.Partial) with { Id = "re_budget" });
        }

        var calls = _fake.Calls.Count;
        await SendAsync(Reply(new string('x', 11)) with { Id = "re_budget" });

        Assert.InRange(calls, 1, 5); // burst 3 + about 1/s over 2.5 s, never all 10
        Assert.Equal(new string('x', 11), Assert.Single(_fake.MessagesIn(Chat)).Text);
    }

    [Fact]
    public async Task Final_SameAsShownPartial_NoEdit()
    {
        await SendAsync(Reply("Done.", OutboundKind.Partial));
        await SendAsync(Reply("Done."));

        Assert.Single(_fake.CallsTo("sendMessage"));
        Assert.Empty(_fake.CallsTo("editMessageText"));
    }

    [Fact]
    public async Task Final_ServerSaysNotModified_TreatedAsSent()
    {
        await SendAsync(Reply("Hello", OutboundKind.Partial));
        _fake.FailNext("editMessageText", 400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same");

        var result = await SendAsync(Reply("Hello!"));

        Assert.Equal(SendResult.Sent, result);
        Assert.Equal(400, Assert.Single(_fake.CallsTo("editMessageText")).Status);
    }

    [Fact]
    public async Task Partial_GrowsPastLimit_FirstPartEditedSecondSent()
    {
        var answer = LongAnswer(6000);
        await SendAsync(Reply(answer[..3000], OutboundKind.Partial));
        _time.Advance(TimeSpan.FromSeconds(2));
        await SendAsync(Reply(answer[..5000], OutboundKind.Partial));
        _time.Advance(TimeSpan.FromSeconds(2));
        await SendAsync(Reply(answer));

        var messages = _fake.MessagesIn(Chat);
        Assert.Equal(2, messages.Count);
        Assert.Equal(TelegramTextSplitter.Split(answer), messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Typing_RefreshedEveryIntervalUntilFinal()
    {
        var interval = TimeSpan.FromSeconds(4);
        await SendAsync(Reply("", OutboundKind.Typing));
        _time.Advance(interval);
        await _fake.WaitForCallsAsync("sendChatAction", Chat, count: 2).DefaultTimeout();
        await _time.WaitForTimerAsync(interval).DefaultTimeout();
        _time.Advance(interval);
        await _fake.WaitForCallsAsync("sendChatAction", Chat, count: 3).DefaultTimeout();

        await SendAsync(Reply("answer"));
        _time.Advance(TimeSpan.FromSeconds(20));

        var typing = _fake.CallsTo("sendChatAction");
        Assert.Equal(3, typing.Count);
        Assert.All(typing, c => Assert.Equal("typing", c.Body["action"]!.GetValue<string>()));
        Assert.Equal(0, _services.GetRequiredService<TelegramTypingIndicator>().Active);
    }

    [Fact]
    public async Task Typing_NoReply_StopsAfterMaxDuration()
    {
        var interval = TimeSpan.FromSeconds(4);
        await using var services = TelegramServices.Build(_fake, time: _time, settings: new Dictionary<string, string?>
        {
            ["Channels:Telegram:MaxTypingDuration"] = "00:00:10",
        });
        var sender = services.GetServices<IChannelSender>().Single();

        await sender.SendAsync(Reply("", OutboundKind.Typing), CancellationToken.None).DefaultTimeout();
        _time.Advance(interval);
        await _fake.WaitForCallsAsync("sendChatAction", Chat, count: 2).DefaultTimeout();
        await _time.WaitForTimerAsync(interval).DefaultTimeout();
        _time.Advance(interval);
        await _fake.WaitForCallsAsync("sendChatAction", Chat, count: 3).DefaultTimeout();
        await _time.WaitForTimerAsync(interval).DefaultTimeout();
        _time.Advance(TimeSpan.FromSeconds(60)); // passes the 10 s limit, then much more

        Assert.Equal(3, _fake.CallsTo("sendChatAction").Count); // at 0, 4 and 8 s; none after 10 s
    }

    [Fact]
    public async Task Typing_Channel_NotSent()
    {
        var result = await SendAsync(Reply("", OutboundKind.Typing, chat: -1001234567895, chatType: "channel"));

        Assert.Equal(SendResult.Sent, result);
        Assert.Empty(_fake.CallsTo("sendChatAction"));
    }

    [Fact]
    public async Task Typing_FirstPartialShown_TypingStops()
    {
        await SendAsync(Reply("", OutboundKind.Typing));
        await SendAsync(Reply("Partial answer", OutboundKind.Partial));

        Assert.Equal(0, _services.GetRequiredService<TelegramTypingIndicator>().Active);
    }
}
