using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using static ChatHub.Adapters.Tests.Discord.DiscordSenderTests;
using ChatHub.Testing.Discord;

namespace ChatHub.Adapters.Tests.Discord;

/// <summary>Typing refresh and streamed replies (throttled edits finishing with the complete text), on a manual clock.</summary>
public sealed class DiscordStreamingTests : IAsyncLifetime
{
    private const string Channel = "710000000000000001";
    private readonly ManualTimeProvider _time = new();
    private FakeDiscord _fake = null!;
    private ServiceProvider _services = null!;

    private IChannelSender Sender => _services.GetServices<IChannelSender>().Single();

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscord.StartAsync().DefaultTimeout();
        _services = DiscordServices.Build(_fake, time: _time);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync().AsTask().DefaultTimeout();
        await _fake.DisposeAsync().AsTask().DefaultTimeout();
    }

    private Task<SendResult> SendAsync(OutboundMessage message) => Sender.SendAsync(message, CancellationToken.None).AsTask().DefaultTimeout();

    [Fact]
    public async Task Partials_ThenFinal_OneMessageEditedInPlaceEndingWithCompleteText()
    {
        await SendAsync(Reply("Chat", OutboundKind.Partial));
        _time.Advance(TimeSpan.FromSeconds(1));
        await SendAsync(Reply("ChatHub is", OutboundKind.Partial));
        _time.Advance(TimeSpan.FromSeconds(1));
        var final = await SendAsync(Reply("ChatHub is a hub."));

        Assert.Equal(SendResult.Sent, final);
        var message = Assert.Single(_fake.MessagesIn(Channel));
        Assert.Equal("ChatHub is a hub.", message.Content);
        Assert.Equal(2, message.Edits);
        Assert.Equal(["Chat", "ChatHub is", "ChatHub is a hub."], _fake.Calls.Select(c => c.Content));
        Assert.All(_fake.CallsTo(FakeRoute.EditMessage), c => Assert.Empty(c.Body["allowed_mentions"]!["parse"]!.AsArray()));
    }

    [Fact]
    public async Task Final_SameTextAsTheShownPartialWithSuggestions_TheButtonsAreAddedByAnEdit()
    {
        await SendAsync(Reply("ChatHub is a hub.", OutboundKind.Partial));
        _time.Advance(TimeSpan.FromSeconds(1));

        await SendAsync(Reply("ChatHub is a hub.") with { Suggestions = ["Which platforms?", "How does it answer?"] });

        var message = Assert.Single(_fake.MessagesIn(Channel));
        Assert.Equal(["Which platforms?", "How does it answer?"], message.ButtonLabels);
        var edit = Assert.Single(_fake.CallsTo(FakeRoute.EditMessage));
        Assert.Equal(["s0", "s1"], edit.Body["components"]![0]!["components"]!.AsArray().Select(b => b!["custom_id"]!.GetValue<string>()));
        Assert.Null(_fake.CallsTo(FakeRoute.CreateMessage)[0].Body["components"]); // a partial has no buttons
    }

    [Fact]
    public async Task Final_WithSuggestionsAndLinks_ARowOfButtonsThenARowOfLinkButtons()
    {
        await SendAsync(Reply("ChatHub is a hub.") with
        {
            Suggestions = ["Which platforms?"],
            Links = [new LinkButton("Developer Portal", "https://discord.com/developers/applications")],
        });

        var rows = Assert.Single(_fake.CallsTo(FakeRoute.CreateMessage)).Body["components"]!.AsArray();
        Assert.Equal(2, rows.Count);
        Assert.Equal("s0", rows[0]!["components"]![0]!["custom_id"]!.GetValue<string>());
        var link = Assert.Single(rows[1]!["components"]!.AsArray())!;
        Assert.Equal((2, 5, "Developer Portal", "https://discord.com/developers/applications"),
            (link["type"]!.GetValue<int>(), link["style"]!.GetValue<int>(), link["label"]!.GetValue<string>(), link["url"]!.GetValue<string>()));
        Assert.Null(link["custom_id"]);
    }

    [Fact]
    public async Task Final_LongAnswerWithSuggestions_ButtonsOnlyOnTheLastPart()
    {
        var text = string.Join("\n\n", Enumerable.Range(1, 60).Select(i => $"Paragraph {i} " + new string('x', 60)));

        await SendAsync(Reply(text) with { Suggestions = ["More?"] });

        var messages = _fake.MessagesIn(Channel);
        Assert.True(messages.Count > 1);
        Assert.All(messages.SkipLast(1), m => Assert.Empty(m.ButtonLabels));
        Assert.Equal(["More?"], messages[^1].ButtonLabels);
    }

    [Fact]
    public async Task Partials_MarkdownWithAFenceStillOpen_EachEditShowsItClosed()
    {
        await SendAsync(Reply("Run:\n\n```sh\nls", OutboundKind.Partial) with { Source = ReplySource.Model });
        _time.Advance(TimeSpan.FromSeconds(1));
        await SendAsync(Reply("Run:\n\n```sh\nls -l\n```\n\nThen **done**.") with { Source = ReplySource.Model });

        // The model has not closed the fence yet: the partial shows a closed code block all the same.
        Assert.Equal(["Run:\n\n```sh\nls\n```", "Run:\n\n```sh\nls -l\n```\n\nThen **done**."], _fake.Calls.Select(c => c.Content));
        Assert.Equal(1, Assert.Single(_fake.MessagesIn(Channel)).Edits);
    }

    [Fact]
    public async Task Partials_FasterThanEditInterval_SkippedAndFinalCatchesUp()
    {
        await SendAsync(Reply("one", OutboundKind.Partial));
        await SendAsync(Reply("one two", OutboundKind.Partial));
        await SendAsync(Reply("one two three", OutboundKind.Partial));
        await SendAsync(Reply("one two three four"));

        Assert.Equal(["one", "one two three four"], _fake.Calls.Select(c => c.Content));
        Assert.Equal("one two three four", Assert.Single(_fake.MessagesIn(Channel)).Content);
    }

    [Fact]
    public async Task Final_ShownMessageDeleted_RestSentAsNewMessage()
    {
        await SendAsync(Reply("partial", OutboundKind.Partial));
        _fake.DeleteMessage(Assert.Single(_fake.MessagesIn(Channel)).Id);

        var final = await SendAsync(Reply("complete answer"));

        Assert.Equal(SendResult.Sent, final);
        Assert.Equal("complete answer", Assert.Single(_fake.MessagesIn(Channel)).Content);
        Assert.Equal([(FakeRoute.CreateMessage, 200), (FakeRoute.EditMessage, 404), (FakeRoute.CreateMessage, 200)], _fake.Calls.Select(c => (c.Route, c.Status)));
    }

    [Fact]
    public async Task Typing_RefreshedUntilTheFirstPartIsShown()
    {
        await SendAsync(Reply("", OutboundKind.Typing));
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(8)).DefaultTimeout();
        _time.Advance(TimeSpan.FromSeconds(8));
        await _fake.WaitForCallsAsync(FakeRoute.Typing, Channel, count: 2).DefaultTimeout();
        await SendAsync(Reply("shown", OutboundKind.Partial));
        _time.Advance(TimeSpan.FromSeconds(30));
        await SendAsync(Reply("shown and done"));

        Assert.Equal(2, _fake.CallsTo(FakeRoute.Typing).Count);
        Assert.Equal([FakeRoute.Typing, FakeRoute.Typing, FakeRoute.CreateMessage, FakeRoute.EditMessage], _fake.Calls.Select(c => c.Route));
    }
}
