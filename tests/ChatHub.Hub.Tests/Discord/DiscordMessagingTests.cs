using System.Text.Json.Nodes;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Inference.Knowledge;
using ChatHub.Testing.Discord;

namespace ChatHub.Hub.Tests.Discord;

/// <summary>Discord on a real hub: gateway events in, replies out through the fake's REST API, in the right channel.</summary>
public sealed class DiscordMessagingTests : IClassFixture<DiscordHubFixture>
{
    private readonly DiscordHub _hub;

    public DiscordMessagingTests(DiscordHubFixture fixture) => _hub = fixture.Hub;

    private static string KnowledgeAnswer(string question) =>
        KnowledgeBase.Load(Path.Combine(RepoPaths.Root, "content", "knowledge.md")).Entries.Single(e => e.Question == question).Answer;

    [Fact]
    public async Task Gateway_GuildMessageMentioningTheBot_RepliedInThatChannelReferencingItWithoutPings()
    {
        const string channel = "730000000000000001";
        var id = DiscordPayloads.NextId();

        _hub.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Guild(id, channel, "What is ChatHub?"));
        var reply = (await _hub.Fake.WaitForCallsAsync(FakeRoute.CreateMessage, channel).DefaultTimeout())[0];

        Assert.Equal(KnowledgeAnswer("What is ChatHub?"), reply.Content);
        Assert.Equal(id, reply.ReplyTo);
        Assert.Empty(reply.Body["allowed_mentions"]!["parse"]!.AsArray());
        Assert.Single(_hub.Bus.Inbound, m => m.PlatformMessageId == id && m.Text == "What is ChatHub?");
    }

    [Fact]
    public async Task Gateway_DirectMessage_TypingThenReplyInTheDmChannel()
    {
        const string dm = "730000000000000002";
        var id = DiscordPayloads.NextId();

        _hub.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm(id, dm, "What is ChatHub?"));
        var reply = (await _hub.Fake.WaitForCallsAsync(FakeRoute.CreateMessage, dm).DefaultTimeout())[0];

        Assert.Equal(KnowledgeAnswer("What is ChatHub?"), reply.Content);
        Assert.Equal(id, reply.ReplyTo);
        Assert.Equal([FakeRoute.Typing, FakeRoute.CreateMessage], _hub.Fake.Calls.Where(c => c.ChannelId == dm).Select(c => c.Route));
    }

    [Fact]
    public async Task Gateway_GuildMessageNotAddressed_NotAnswered()
    {
        const string channel = "730000000000000003";
        var chatter = DiscordPayloads.NextId();
        var question = DiscordPayloads.NextId();

        _hub.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Guild(chatter, channel, "just chatting", mentionBot: false));
        _hub.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Guild(question, channel, "/help"));
        await _hub.Fake.WaitForCallsAsync(FakeRoute.CreateMessage, channel).DefaultTimeout();

        // Events are handled in gateway order: the chatter came first and was not published.
        Assert.DoesNotContain(_hub.Bus.Inbound, m => m.PlatformMessageId == chatter);
        Assert.Equal(question, Assert.Single(_hub.Fake.CallsTo(FakeRoute.CreateMessage, channel)).ReplyTo);
    }

    [Fact]
    public async Task Gateway_OwnAndOtherBotsMessages_NotAnswered()
    {
        const string channel = "730000000000000004";
        var own = DiscordPayloads.NextId();
        var bot = DiscordPayloads.NextId();
        var person = DiscordPayloads.NextId();

        _hub.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm(own, channel, "a reply of mine", authorId: FakeDiscord.BotUserId, bot: true));
        _hub.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Guild(bot, channel, "/help", authorId: "99", bot: true));
        _hub.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Guild(person, channel, "/help"));
        await _hub.Fake.WaitForCallsAsync(FakeRoute.CreateMessage, channel).DefaultTimeout();

        Assert.DoesNotContain(_hub.Bus.Inbound, m => m.PlatformMessageId == own || m.PlatformMessageId == bot);
        Assert.Equal(person, Assert.Single(_hub.Fake.CallsTo(FakeRoute.CreateMessage, channel)).ReplyTo);
    }

    [Fact]
    public async Task Reply_MissingAccess_DeadLetteredWithReasonNotRetried()
    {
        const string channel = "730000000000000005";
        _hub.Fake.Script(FakeRoute.CreateMessage, 403, channelId: channel, message: "Missing Access", code: 50001);

        _hub.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Guild(DiscordPayloads.NextId(), channel, "What is ChatHub?"));
        var letter = await _hub.Bus.NextDeadLetterAsync(l => l.Outbound?.Conversation.ChatId == channel).DefaultTimeout();

        Assert.Equal("chat.outbound", letter.SourceTopic);
        Assert.Contains("403 Missing Access (50001)", letter.Reason, StringComparison.Ordinal);
        Assert.Single(_hub.Fake.CallsTo(FakeRoute.CreateMessage, channel));
    }

    [Fact]
    public async Task Reply_UnknownChannel_DeadLettered()
    {
        const string channel = "730000000000000006";
        _hub.Fake.Script(FakeRoute.CreateMessage, 404, channelId: channel, message: "Unknown Channel", code: 10003);

        _hub.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm(DiscordPayloads.NextId(), channel, "/help"));
        var letter = await _hub.Bus.NextDeadLetterAsync(l => l.Outbound?.Conversation.ChatId == channel).DefaultTimeout();

        Assert.Contains("Unknown Channel", letter.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reply_ServerErrors_RetriedThenDelivered()
    {
        const string channel = "730000000000000007";
        _hub.Fake.Script(FakeRoute.CreateMessage, 502, channelId: channel, message: "Bad Gateway", times: 2);

        _hub.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm(DiscordPayloads.NextId(), channel, "/help"));
        var calls = await _hub.Fake.WaitForCallsAsync(FakeRoute.CreateMessage, channel, count: 3).DefaultTimeout();

        Assert.Equal([502, 502, 200], calls.Select(c => c.Status));
        Assert.Single(_hub.Fake.MessagesIn(channel));
    }

    [Fact]
    public async Task Gateway_EmptyMention_ExplainedInTheChannel()
    {
        const string channel = "730000000000000008";
        var id = DiscordPayloads.NextId();

        _hub.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Guild(id, channel, ""));
        var reply = (await _hub.Fake.WaitForCallsAsync(FakeRoute.CreateMessage, channel).DefaultTimeout())[0];

        Assert.Contains("empty", reply.Content, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(id, reply.ReplyTo);
    }

    [Fact]
    public async Task Readyz_Connected_DiscordHealthyWithoutTheToken()
    {
        const string channel = "730000000000000009";
        _hub.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm(DiscordPayloads.NextId(), channel, "/help"));
        await _hub.Fake.WaitForCallsAsync(FakeRoute.CreateMessage, channel).DefaultTimeout(); // READY was handled before it

        var body = JsonNode.Parse(await _hub.Http.GetStringAsync(new Uri("/readyz", UriKind.Relative)).DefaultTimeout())!;
        var discord = body["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "discord")!;

        Assert.Equal("Healthy", discord["status"]!.GetValue<string>());
        Assert.Contains(FakeDiscord.BotUsername, discord["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(FakeDiscord.Token, body.ToJsonString(), StringComparison.Ordinal);
    }
}
