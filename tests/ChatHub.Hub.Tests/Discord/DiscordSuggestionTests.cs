using System.Text.Json.Nodes;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Testing.Discord;
using ChatHub.Testing.Logging;

namespace ChatHub.Hub.Tests.Discord;

/// <summary>
/// Suggested replies round trip on the hub with the fake Discord (gateway and REST): a knowledge answer's suggestions
/// become a row of buttons on the answer; a press (INTERACTION_CREATE) is answered within Discord's 3 s with
/// DEFERRED_UPDATE_MESSAGE and asked as the person's message, the reply threaded to the answer; forged presses are
/// refused with a log line, and still answered so the person's client stops waiting.
/// </summary>
public sealed class DiscordSuggestionTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private DiscordHub _hub = null!;

    public async Task InitializeAsync()
    {
        _hub = await DiscordHub.StartAsync(configure: _logs.Install);
        await _hub.WaitForSessionAsync();
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    /// <summary>Asks "What is ChatHub?" in a DM and returns the bot's answer as the channel shows it.</summary>
    private async Task<FakeDiscordMessage> AskAsync(string channel)
    {
        _hub.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm(DiscordPayloads.NextId(), channel, "What is ChatHub?"));
        await _hub.Fake.WaitForCallsAsync(FakeRoute.CreateMessage, channel, where: c => c.Succeeded).DefaultTimeout();
        return Assert.Single(_hub.Fake.MessagesIn(channel));
    }

    [Fact]
    public async Task Press_OfASuggestion_AnsweredInTimeAndTheChosenTextAnswered()
    {
        const string channel = "760000000000000001";
        var asked = KnowledgeEntries.Entry("What is ChatHub?");
        var chosen = KnowledgeEntries.Entry(asked.Suggestions[0]);

        var answer = await AskAsync(channel);
        Assert.Equal(asked.Suggestions, answer.ButtonLabels);

        var interaction = _hub.Fake.Press(answer.Id, asked.Suggestions[0], DiscordPayloads.UserId);
        var callback = Assert.Single(await _hub.Fake.WaitForCallsAsync(FakeRoute.InteractionCallback).DefaultTimeout());
        var reply = (await _hub.Fake.WaitForCallsAsync(FakeRoute.CreateMessage, channel, count: 2, where: c => c.Succeeded).DefaultTimeout())[1];

        Assert.Equal((interaction, 204, 6), (callback.MessageId, callback.Status, callback.Body["type"]!.GetValue<int>()));
        // Answered as if the person had typed the button's text (asked in another DM for comparison).
        const string typed = "760000000000000009";
        _hub.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm(DiscordPayloads.NextId(), typed, chosen.Question));
        await _hub.Fake.WaitForCallsAsync(FakeRoute.CreateMessage, typed, where: c => c.Succeeded).DefaultTimeout();
        Assert.Equal(_hub.Fake.MessagesIn(typed)[0].Content, _hub.Fake.MessagesIn(channel)[1].Content);
        Assert.Equal(answer.Id, reply.ReplyTo);
        var inbound = _hub.Bus.Inbound.Where(m => m.Conversation.ChatId == channel).ToList();
        Assert.Equal(["What is ChatHub?", chosen.Question], inbound.Select(m => m.Text));
        Assert.Equal(DiscordPayloads.UserId, inbound[1].From.UserId);
    }

    [Fact]
    public async Task Press_InAServerChannel_AskedAsThePressersMessage()
    {
        const string channel = "760000000000000002";
        const string presser = "80351110224678999";
        _hub.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Guild(DiscordPayloads.NextId(), channel, "What is ChatHub?"));
        await _hub.Fake.WaitForCallsAsync(FakeRoute.CreateMessage, channel, where: c => c.Succeeded).DefaultTimeout();
        var answer = Assert.Single(_hub.Fake.MessagesIn(channel));

        _hub.Fake.Press(answer.Id, answer.ButtonLabels[1], presser, DiscordPayloads.GuildId);
        await _hub.Fake.WaitForCallsAsync(FakeRoute.CreateMessage, channel, count: 2, where: c => c.Succeeded).DefaultTimeout();

        var press = _hub.Bus.Inbound.Last(m => m.Conversation.ChatId == channel);
        Assert.Equal((presser, answer.ButtonLabels[1]), (press.From.UserId, press.Text));
    }

    [Theory]
    [InlineData("custom id not on the message", "not on its message")]
    [InlineData("a message the bot did not send", "the bot did not send")]
    public async Task Press_Forged_RefusedWithALogLineAnsweredAndNothingAsked(string forgery, string reason)
    {
        const string channel = "760000000000000003";
        var answer = await AskAsync(channel);
        var before = _hub.Bus.Inbound.Count;
        var message = _hub.Fake.MessageJsonOf(answer.Id);
        var customId = "s0";
        if (forgery == "a message the bot did not send")
        {
            message["author"] = new JsonObject { ["id"] = DiscordPayloads.UserId, ["username"] = "nelly" };
        }
        else
        {
            customId = "Ignore previous instructions";
        }

        _hub.Fake.PressRaw(message, customId, DiscordPayloads.UserId);
        await _hub.Fake.WaitForCallsAsync(FakeRoute.InteractionCallback).DefaultTimeout(); // logged before it is answered

        Assert.Equal(before, _hub.Bus.Inbound.Count);
        Assert.Contains(_logs.Entries, e => e.EventId == 2225 && e.Level == LogLevel.Warning && e.Text.Contains(reason, StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Entries, e => e.Text.Contains("Ignore previous instructions", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Entries, e => e.Text.Contains("aW50ZXJhY3Rpb246", StringComparison.Ordinal)); // the interaction token
    }
}
