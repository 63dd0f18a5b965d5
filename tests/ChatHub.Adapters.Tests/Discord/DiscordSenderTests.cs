using System.Globalization;
using System.Text;
using ChatHub.Adapters.Discord;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using ChatHub.Testing.Discord;

namespace ChatHub.Adapters.Tests.Discord;

/// <summary>The egress sender against the loopback fake: requests, splitting, references, mentions, retries, permanent failures.</summary>
public sealed class DiscordSenderTests : IAsyncLifetime
{
    private const string Channel = "710000000000000001";
    private const string Question = "810000000000000001";
    private FakeDiscord _fake = null!;
    private ServiceProvider _services = null!;

    private IChannelSender Sender => _services.GetServices<IChannelSender>().Single();

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscord.StartAsync().DefaultTimeout();
        _services = DiscordServices.Build(_fake);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync().AsTask().DefaultTimeout();
        await _fake.DisposeAsync().AsTask().DefaultTimeout();
    }

    internal static OutboundMessage Reply(string text, OutboundKind kind = OutboundKind.Final, string channel = Channel, string id = "re_1",
        string? replyTo = Question) => new()
    {
        Id = id,
        Conversation = new ConversationRef(ChannelNames.Discord, FakeDiscord.BotUserId, channel),
        Kind = kind,
        Text = text,
        ReplyToPlatformMessageId = replyTo,
        Properties = new Dictionary<string, string> { [DiscordProperties.GuildId] = DiscordPayloads.GuildId },
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

    internal static string NoWhitespace(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private Task<SendResult> SendAsync(OutboundMessage message) => Sender.SendAsync(message, CancellationToken.None).AsTask().DefaultTimeout();

    [Fact]
    public async Task Final_Request_BotAuthorizationUserAgentAndJson()
    {
        await SendAsync(Reply("hello"));

        var call = Assert.Single(_fake.CallsTo(FakeRoute.CreateMessage));
        Assert.Equal("Bot " + FakeDiscord.Token, call.Authorization);
        Assert.Equal("DiscordBot (https://github.com/chathub, 1.0)", call.UserAgent);
        Assert.StartsWith("application/json", call.ContentType, StringComparison.Ordinal);
        Assert.Equal($"/api/v10/channels/{Channel}/messages", call.Path);
    }

    [Fact]
    public async Task Final_Reply_ReferencesTheQuestionAndAllowsNoMentions()
    {
        var result = await SendAsync(Reply("Hi @everyone and <@&123> and <@456>!"));

        Assert.Equal(SendResult.Sent, result);
        var call = Assert.Single(_fake.CallsTo(FakeRoute.CreateMessage));
        Assert.Equal("Hi @\u200Beveryone and \\<@&123\\> and \\<@456\\>!", call.Content); // escaped: shown as written, never rendered
        Assert.Equal(4, call.Body["flags"]!.GetValue<int>()); // SUPPRESS_EMBEDS
        Assert.Equal(Question, call.ReplyTo);
        Assert.False(call.Body["message_reference"]!["fail_if_not_exists"]!.GetValue<bool>());
        Assert.Empty(call.Body["allowed_mentions"]!["parse"]!.AsArray());
        Assert.False(call.Body["allowed_mentions"]!["replied_user"]!.GetValue<bool>());
        Assert.Equal(25, call.Body["nonce"]!.GetValue<string>().Length);
        Assert.True(call.Body["enforce_nonce"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Final_FiveThousandCharacters_OrderedPartsUnderTheLimitFirstReferenced()
    {
        var answer = LongAnswer(5000);

        var result = await SendAsync(Reply(answer));

        var messages = _fake.MessagesIn(Channel);
        Assert.Equal(SendResult.Sent, result);
        Assert.Equal(3, messages.Count);
        Assert.All(messages, m => Assert.InRange(m.Content.Length, 1, 2000));
        Assert.Equal(NoWhitespace(answer), NoWhitespace(string.Concat(messages.Select(m => m.Content))));
        Assert.Equal([Question, null, null], messages.Select(m => m.ReplyTo));
        Assert.Equal(messages.Select(m => m.Id).Order(StringComparer.Ordinal), messages.Select(m => m.Id));
    }

    [Fact]
    public async Task Final_WithoutQuestionId_NoReference()
    {
        await SendAsync(Reply("proactive", replyTo: null) with { Properties = null });

        Assert.Null(Assert.Single(_fake.CallsTo(FakeRoute.CreateMessage)).ReplyTo);
    }

    [Fact]
    public async Task Final_ServerErrorsThenOk_RetriedAndSentOnce()
    {
        _fake.Script(FakeRoute.CreateMessage, 502, channelId: Channel, message: "Bad Gateway", times: 2);

        var result = await SendAsync(Reply("eventually"));

        Assert.Equal(SendResult.Sent, result);
        Assert.Equal([502, 502, 200], _fake.CallsTo(FakeRoute.CreateMessage).Select(c => c.Status));
        Assert.Single(_fake.MessagesIn(Channel));
    }

    [Fact]
    public async Task Final_ServerErrorsPersist_TransientAfterMaxAttempts()
    {
        _fake.Script(FakeRoute.CreateMessage, 500, channelId: Channel, message: "Internal Server Error", times: 100);

        var result = await SendAsync(Reply("never"));

        Assert.Equal(SendStatus.Transient, result.Status);
        Assert.Equal(5, _fake.CallsTo(FakeRoute.CreateMessage).Count);
    }

    [Fact]
    public async Task Final_Timeouts_TransientNotThrown()
    {
        await using var services = DiscordServices.Build(_fake, settings: new Dictionary<string, string?>
        {
            ["Channels:Discord:RequestTimeout"] = "00:00:00.200",
            ["Channels:Discord:MaxSendAttempts"] = "2",
        });
        _fake.Script(FakeRoute.CreateMessage, 500, channelId: Channel, times: 2, hang: TimeSpan.FromSeconds(10));

        var result = await services.GetServices<IChannelSender>().Single().SendAsync(Reply("slow"), CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendStatus.Transient, result.Status);
        Assert.Contains("Timeout", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(403, "Missing Access", 50001)]
    [InlineData(403, "Missing Permissions", 50013)]
    [InlineData(403, "Cannot send messages to this user", 50007)]
    [InlineData(404, "Unknown Channel", 10003)]
    [InlineData(400, "Invalid Form Body", 50035)]
    public async Task Final_PermanentError_PermanentWithReasonNotRetried(int status, string message, int code)
    {
        _fake.Script(FakeRoute.CreateMessage, status, channelId: Channel, message: message, code: code);

        var result = await SendAsync(Reply("unwanted"));

        Assert.Equal(SendStatus.Permanent, result.Status);
        Assert.Contains($"{status} {message} ({code})", result.Reason, StringComparison.Ordinal);
        Assert.Single(_fake.CallsTo(FakeRoute.CreateMessage));
    }

    [Fact]
    public async Task Final_DeliveredTwice_SentOnce()
    {
        await SendAsync(Reply("once"));
        var again = await SendAsync(Reply("once"));

        Assert.Equal(SendResult.Sent, again);
        Assert.Single(_fake.MessagesIn(Channel));
    }

    [Fact]
    public async Task Final_TransientAfterFirstPart_RetryContinuesWithoutDuplicates()
    {
        await using var services = DiscordServices.Build(_fake, settings: new Dictionary<string, string?> { ["Channels:Discord:MaxSendAttempts"] = "1" });
        var sender = services.GetServices<IChannelSender>().Single();
        _fake.Script(FakeRoute.CreateMessage, 500, channelId: Channel, afterCalls: 1);
        var answer = LongAnswer(5000);

        var first = await sender.SendAsync(Reply(answer), CancellationToken.None).DefaultTimeout();
        var retry = await sender.SendAsync(Reply(answer), CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendStatus.Transient, first.Status);
        Assert.Equal(SendResult.Sent, retry);
        var messages = _fake.MessagesIn(Channel);
        Assert.Equal(3, messages.Count);
        Assert.Equal(NoWhitespace(answer), NoWhitespace(string.Concat(messages.Select(m => m.Content))));
    }

    [Fact]
    public async Task Final_SameReplyFromAnotherEgressNode_NonceStopsADuplicate()
    {
        await using var otherNode = DiscordServices.Build(_fake);

        await SendAsync(Reply("only once"));
        var again = await otherNode.GetServices<IChannelSender>().Single().SendAsync(Reply("only once"), CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendResult.Sent, again);
        Assert.Equal(2, _fake.CallsTo(FakeRoute.CreateMessage).Count);
        Assert.Single(_fake.MessagesIn(Channel));
    }

    [Fact]
    public async Task Final_EmptyText_Permanent()
    {
        var result = await SendAsync(Reply("  \n "));

        Assert.Equal(SendStatus.Permanent, result.Status);
        Assert.Empty(_fake.CallsTo(FakeRoute.CreateMessage));
    }

    [Fact]
    public async Task Final_NotADiscordChannelId_Permanent()
    {
        var message = Reply("x") with { Conversation = new ConversationRef(ChannelNames.Discord, FakeDiscord.BotUserId, "general") };

        var result = await SendAsync(message);

        Assert.Equal(SendStatus.Permanent, result.Status);
        Assert.Empty(_fake.Calls);
    }

    [Fact]
    public async Task Typing_PostsTheTypingEndpoint()
    {
        var result = await SendAsync(Reply("", OutboundKind.Typing));

        Assert.Equal(SendResult.Sent, result);
        var call = Assert.Single(_fake.CallsTo(FakeRoute.Typing));
        Assert.Equal($"/api/v10/channels/{Channel}/typing", call.Path);
        Assert.Equal(204, call.Status);
    }

    [Fact]
    public async Task Typing_MissingAccess_Permanent()
    {
        _fake.Script(FakeRoute.Typing, 403, channelId: Channel, message: "Missing Access", code: 50001);

        var result = await SendAsync(Reply("", OutboundKind.Typing));

        Assert.Equal(SendStatus.Permanent, result.Status);
    }
}
