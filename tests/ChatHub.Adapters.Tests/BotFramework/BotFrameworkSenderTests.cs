using System.Globalization;
using System.Text;
using ChatHub.Adapters.BotFramework;
using ChatHub.Adapters.BotFramework.Api;
using ChatHub.Adapters.BotFramework.Egress;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Routing;
using ChatHub.Testing.BotFramework;
using Microsoft.Extensions.DependencyInjection;

namespace ChatHub.Adapters.Tests.BotFramework;

/// <summary>The egress sender against the loopback connector and token endpoint: URLs, tokens, plain text, splitting, retries, failures.</summary>
public sealed class BotFrameworkSenderTests : IAsyncLifetime
{
    private const string Conversation = "19:3c5e8a1f0b2d4e6fa7c9d1e3f5a7b9c1@thread.tacv2;messageid=1767604801004";
    private const string ActivityId = "1767604801004";
    private FakeTokenIssuer _issuer = null!;
    private FakeConnector _connector = null!;
    private ServiceProvider _services = null!;

    private IChannelSender Sender => _services.GetServices<IChannelSender>().Single();

    public async Task InitializeAsync()
    {
        _issuer = await FakeTokenIssuer.StartAsync();
        _connector = await FakeConnector.StartAsync();
        _services = Build();
    }

    /// <summary>The egress services with the fake connector on the service URL allow-list (it is not a Microsoft host).</summary>
    private ServiceProvider Build(TimeProvider? time = null, Dictionary<string, string?>? settings = null, IConversationReferenceStore? references = null)
    {
        settings ??= [];
        settings.TryAdd("Channels:Teams:AllowedServiceUrls:0", _connector.ServiceUrl);
        return BotFrameworkServices.Build(_issuer, time: time, settings: settings, references: references);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _connector.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    private OutboundMessage Reply(string text, OutboundKind kind = OutboundKind.Final, string id = "re_1", string? serviceUrl = null,
        string conversation = Conversation, string? activityId = ActivityId, string type = "channel") => new()
    {
        Id = id,
        Conversation = new ConversationRef(ChannelNames.Teams, FakeTokenIssuer.AppId, conversation),
        Kind = kind,
        Text = text,
        ReplyToPlatformMessageId = activityId,
        Properties = activityId is null
            ? new Dictionary<string, string> { [BotFrameworkProperties.ServiceUrl] = serviceUrl ?? _connector.ServiceUrl, [BotFrameworkProperties.ConversationType] = type }
            : new Dictionary<string, string>
            {
                [BotFrameworkProperties.ServiceUrl] = serviceUrl ?? _connector.ServiceUrl,
                [BotFrameworkProperties.ActivityId] = activityId,
                [BotFrameworkProperties.ConversationType] = type,
            },
    };

    private static string LongAnswer(int length)
    {
        var text = new StringBuilder();
        for (var i = 0; text.Length < length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"Sentence {i} of a long answer, with ünïcödé, 日本語 and 🚀. ");
        }

        return text.ToString(0, length).TrimEnd();
    }

    private static string NoWhitespace(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    [Fact]
    public async Task Final_ChannelThread_PostedAsReplyToEscapedUrlWithValidBearer()
    {
        var result = await Sender.SendAsync(Reply("Hello"), CancellationToken.None).DefaultTimeout();

        var call = Assert.Single(_connector.Calls);
        Assert.Equal(SendResult.Sent, result);
        Assert.Equal("/amer/v3/conversations/19%3A3c5e8a1f0b2d4e6fa7c9d1e3f5a7b9c1%40thread.tacv2%3Bmessageid%3D1767604801004/activities/1767604801004", call.RawPath);
        Assert.Equal(Conversation, call.ConversationId);
        Assert.Equal(ActivityId, call.ReplyToId);
        Assert.True(await _issuer.IsValidConnectorTokenAsync(call.Authorization).DefaultTimeout(), "the bearer token does not validate against the issuer");
        Assert.Equal("message", call.Type);
        Assert.Equal("markdown", call.Body["textFormat"]!.GetValue<string>());
        Assert.Equal(ActivityId, call.Body["replyToId"]!.GetValue<string>());
        Assert.False(call.Body.ContainsKey("entities"));
    }

    [Fact]
    public async Task Final_NoActivityToReplyTo_PostedToTheConversation()
    {
        await Sender.SendAsync(Reply("Welcome!", activityId: null), CancellationToken.None).DefaultTimeout();

        var call = Assert.Single(_connector.Calls);
        Assert.EndsWith("/activities", call.RawPath, StringComparison.Ordinal);
        Assert.Null(call.ReplyToId);
    }

    [Fact]
    public async Task Final_ModelOutputWithMentionMarkup_SentAsEscapedMarkdown()
    {
        await Sender.SendAsync(Reply("Ask <at>Megan Bowen</at> or <AT id=\"0\">everyone</ at> about *it*"), CancellationToken.None).DefaultTimeout();

        var text = Assert.Single(_connector.Calls).Text!;
        Assert.DoesNotContain("<at", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("</at", text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Ask &lt;at&gt;Megan Bowen&lt;/at&gt; or &lt;AT id=\"0\"&gt;everyone&lt;/ at&gt; about \\*it\\*", text); // a system reply: plain text, every tag and star escaped
    }

    [Fact]
    public async Task Final_WithSuggestions_ImBackActionsOnlyUnderTheLastPart()
    {
        var reply = Reply(string.Join("\n\n", Enumerable.Range(0, 40).Select(i => new string((char)('a' + (i % 26)), 900)))) with
        {
            Source = ReplySource.Knowledge,
            Suggestions = ["What is ChatHub?", "How do I link <Telegram>?"],
        };

        await Sender.SendAsync(reply, CancellationToken.None).DefaultTimeout();

        var calls = _connector.Calls;
        Assert.True(calls.Count > 1, "the reply must be split for this test");
        Assert.All(calls.SkipLast(1), c => Assert.False(c.Body.ContainsKey("suggestedActions")));
        var actions = calls[^1].Body["suggestedActions"]!["actions"]!.AsArray();
        Assert.Equal(
            [("imBack", "What is ChatHub?", "What is ChatHub?"), ("imBack", "How do I link <Telegram>?", "How do I link <Telegram>?")],
            actions.Select(a => (a!["type"]!.GetValue<string>(), a["title"]!.GetValue<string>(), a["value"]!.GetValue<string>())));
    }

    [Fact]
    public async Task Final_WithLinks_HeroCardOfOpenUrlButtonsUnderTheLastPart()
    {
        var reply = Reply("See the docs.") with
        {
            Source = ReplySource.Knowledge,
            Links = [new LinkButton("Docs", "https://docs.example/start"), new LinkButton("Evil", "javascript:alert(1)")],
        };

        await Sender.SendAsync(reply, CancellationToken.None).DefaultTimeout();

        var attachment = Assert.Single(Assert.Single(_connector.Calls).Body["attachments"]!.AsArray())!;
        Assert.Equal("application/vnd.microsoft.card.hero", attachment["contentType"]!.GetValue<string>());
        var button = Assert.Single(attachment["content"]!["buttons"]!.AsArray())!;
        Assert.Equal(("openUrl", "Docs", "https://docs.example/start"),
            (button["type"]!.GetValue<string>(), button["title"]!.GetValue<string>(), button["value"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Final_NoSuggestions_NoSuggestedActions()
    {
        await Sender.SendAsync(Reply("Hello"), CancellationToken.None).DefaultTimeout();

        Assert.False(Assert.Single(_connector.Calls).Body.ContainsKey("suggestedActions"));
        Assert.False(_connector.Calls[0].Body.ContainsKey("attachments"));
    }

    [Fact]
    public async Task Final_SeveralSends_OneTokenRequest()
    {
        for (var i = 0; i < 3; i++)
        {
            await Sender.SendAsync(Reply("x", id: $"re_{i}"), CancellationToken.None).DefaultTimeout();
        }

        Assert.Equal(3, _connector.Calls.Count);
        Assert.Equal(1, _issuer.TokenRequests);
    }

    [Fact]
    public async Task Final_SeventyKilobytes_OrderedPartsUnderTheLimit()
    {
        var answer = LongAnswer(60_000); // about 74 KB in UTF-8

        var result = await Sender.SendAsync(Reply(answer), CancellationToken.None).DefaultTimeout();

        var messages = _connector.MessagesIn(Conversation);
        Assert.Equal(SendResult.Sent, result);
        Assert.InRange(messages.Count, 3, 4);
        Assert.All(messages, m => Assert.InRange(Encoding.UTF8.GetByteCount(m.Text!), 1, 24 * 1024));
        Assert.Equal(NoWhitespace(answer), NoWhitespace(string.Concat(messages.Select(m => m.Text))));
        Assert.All(messages, m => Assert.Equal(ActivityId, m.ReplyToId));
    }

    [Fact]
    public async Task Final_429WithRetryAfterThenOk_DeliveredOnceAfterTheWait()
    {
        _connector.FailNext(429, Conversation, retryAfterSeconds: 1);

        var result = await Sender.SendAsync(Reply("after the pause"), CancellationToken.None).DefaultTimeout();

        var calls = _connector.CallsTo(Conversation);
        Assert.Equal(SendResult.Sent, result);
        Assert.Equal([429, 201], calls.Select(c => c.Status));
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(0.95), "Retry-After was not honoured");
        Assert.Single(_connector.MessagesIn(Conversation));
    }

    [Theory]
    [InlineData(412)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Final_RetryableStatusThenOk_Delivered(int status)
    {
        _connector.FailNext(status, Conversation, times: 2);

        var result = await Sender.SendAsync(Reply("eventually"), CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendResult.Sent, result);
        Assert.Equal([status, status, 201], _connector.CallsTo(Conversation).Select(c => c.Status));
    }

    [Fact]
    public async Task Final_RetryableUntilAttemptsRunOut_Transient()
    {
        _connector.FailNext(502, Conversation, times: 10);

        var result = await Sender.SendAsync(Reply("never"), CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendStatus.Transient, result.Status);
        Assert.Equal(5, _connector.CallsTo(Conversation).Count);
    }

    [Fact]
    public async Task Final_InternalServerError_TransientWithoutRetryInsideTheSend()
    {
        _connector.FailNext(500, Conversation);

        var result = await Sender.SendAsync(Reply("maybe"), CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendStatus.Transient, result.Status);
        Assert.Single(_connector.CallsTo(Conversation));
    }

    [Theory]
    [InlineData(403, "BotNotInConversationRoster")]
    [InlineData(404, "ConversationNotFound")]
    [InlineData(400, "BadSyntax")]
    public async Task Final_PermanentStatus_PermanentWithConnectorReason(int status, string code)
    {
        _connector.FailNext(status, Conversation, code: code);

        var result = await Sender.SendAsync(Reply("x"), CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendStatus.Permanent, result.Status);
        Assert.Contains(status.ToString(CultureInfo.InvariantCulture), result.Reason, StringComparison.Ordinal);
        Assert.Contains(code, result.Reason, StringComparison.Ordinal);
        Assert.Single(_connector.CallsTo(Conversation));
    }

    [Fact]
    public async Task Final_401_TokenRenewedOnceThenPermanent()
    {
        _connector.FailNext(401, Conversation, times: 2, code: "Unauthorized");

        var result = await Sender.SendAsync(Reply("x"), CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendStatus.Permanent, result.Status);
        Assert.Equal(2, _connector.CallsTo(Conversation).Count);
        Assert.Equal(2, _issuer.TokenRequests);
    }

    [Fact]
    public async Task Final_401ThenOk_DeliveredWithTheRenewedToken()
    {
        _connector.FailNext(401, Conversation, code: "Unauthorized");

        var result = await Sender.SendAsync(Reply("x"), CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendResult.Sent, result);
        Assert.Equal([401, 201], _connector.CallsTo(Conversation).Select(c => c.Status));
    }

    [Fact]
    public async Task Final_CredentialsRefused_PermanentAndConnectorNeverCalled()
    {
        _issuer.FailNextTokenRequest(401, "invalid_client");

        var result = await Sender.SendAsync(Reply("x"), CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendStatus.Permanent, result.Status);
        Assert.Contains("invalid_client", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeTokenIssuer.AppPassword, result.Reason, StringComparison.Ordinal);
        Assert.Empty(_connector.Calls);
    }

    [Fact]
    public async Task Final_ServiceUrlNotAllowed_PermanentAndNoTokenRequested()
    {
        await using var services = BotFrameworkServices.Build(_issuer);

        var result = await services.GetServices<IChannelSender>().Single().SendAsync(Reply("x"), CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendStatus.Permanent, result.Status);
        Assert.Contains("AllowedServiceUrls", result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, _issuer.TokenRequests);
        Assert.Empty(_connector.Calls);
    }

    [Fact]
    public async Task ConnectorClient_ServiceUrlNotAllowed_NotAllowedAndNothingSentWhateverTheCallerChecked()
    {
        // The second lock: even a caller that skipped the sender's check cannot make the client send the token.
        await using var services = BotFrameworkServices.Build(_issuer);
        var client = services.GetRequiredService<BotConnectorClient>();
        var target = new BotFrameworkTarget(new Uri(_connector.ServiceUrl), Conversation, ActivityId, "channel");

        var result = await client.PostAsync(target, OutboundActivity.PlainMessage("x", ActivityId), asReply: true, "token-value", CancellationToken.None).DefaultTimeout();

        Assert.Equal(BotFrameworkErrorKind.NotAllowed, result.Error?.Kind);
        Assert.Empty(_connector.Calls);
    }

    [Fact]
    public async Task Final_ServiceUrlAllowed_Sent()
    {
        await using var services = Build();

        var result = await services.GetServices<IChannelSender>().Single().SendAsync(Reply("x"), CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendResult.Sent, result);
    }

    [Fact]
    public async Task Final_NoServiceUrlKnown_Permanent()
    {
        var message = Reply("x") with { Properties = null };

        var result = await Sender.SendAsync(message, CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendStatus.Permanent, result.Status);
    }

    [Fact]
    public async Task Final_KnownConversationWithoutProperties_SentThroughTheRecordedServiceUrl()
    {
        var message = Reply("proactive") with { Properties = null };
        await _services.GetRequiredService<BotFrameworkConversations>().RecordAsync(message.Conversation, _connector.ServiceUrl, "personal", CancellationToken.None).DefaultTimeout();

        var result = await Sender.SendAsync(message, CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendResult.Sent, result);
        Assert.Null(Assert.Single(_connector.Calls).ReplyToId);
    }

    [Fact]
    public async Task Final_StoredServiceUrl_OtherProcessSharingTheStore_SentThere()
    {
        // A restart or another node: the process that stored the URL is not the one that sends.
        var references = new InMemoryConversationReferenceStore(TimeProvider.System);
        var message = Reply("proactive") with { Properties = null };
        await using (var first = Build(references: references))
        {
            await first.GetRequiredService<BotFrameworkConversations>().RecordAsync(message.Conversation, _connector.ServiceUrl, "personal", CancellationToken.None).DefaultTimeout();
        }

        await using var second = Build(references: references);
        var result = await second.GetServices<IChannelSender>().Single().SendAsync(message, CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendResult.Sent, result);
        Assert.Equal(message.Conversation.ChatId, Assert.Single(_connector.Calls).ConversationId);
    }

    [Fact]
    public async Task Final_StoredServiceUrlNoLongerAllowed_PermanentWithTheReasonAndNoTokenRequested()
    {
        // Stored while the connector was on the allow-list; the allow-list has changed since (a restart with new settings).
        var references = new InMemoryConversationReferenceStore(TimeProvider.System);
        var message = Reply("proactive") with { Properties = null };
        await using (var before = Build(references: references))
        {
            await before.GetRequiredService<BotFrameworkConversations>().RecordAsync(message.Conversation, _connector.ServiceUrl, "personal", CancellationToken.None).DefaultTimeout();
        }

        await using var after = BotFrameworkServices.Build(_issuer, references: references); // Microsoft's hosts only
        var result = await after.GetServices<IChannelSender>().Single().SendAsync(message, CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendStatus.Permanent, result.Status);
        Assert.Contains("stored before the allow-list changed", result.Reason, StringComparison.Ordinal);
        Assert.Contains("AllowedServiceUrls", result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, _issuer.TokenRequests);
        Assert.Empty(_connector.Calls);
    }

    [Fact]
    public async Task Final_DeliveredTwice_PostedOnce()
    {
        await Sender.SendAsync(Reply("once"), CancellationToken.None).DefaultTimeout();
        var again = await Sender.SendAsync(Reply("once"), CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendResult.Sent, again);
        Assert.Single(_connector.Calls);
    }

    [Fact]
    public async Task Final_TransientInTheSecondPart_RetryContinuesWithIt()
    {
        var answer = LongAnswer(30_000); // about 37 KB in UTF-8: two parts
        _connector.FailNext(500, Conversation, afterCalls: 1);

        var first = await Sender.SendAsync(Reply(answer), CancellationToken.None).DefaultTimeout();
        var retried = await Sender.SendAsync(Reply(answer), CancellationToken.None).DefaultTimeout();

        var messages = _connector.MessagesIn(Conversation);
        Assert.Equal(SendStatus.Transient, first.Status);
        Assert.Equal(SendResult.Sent, retried);
        Assert.Equal([201, 500, 201], _connector.CallsTo(Conversation).Select(c => c.Status));
        Assert.Equal(NoWhitespace(answer), NoWhitespace(string.Concat(messages.Select(m => m.Text))));
    }

    [Fact]
    public async Task Partial_NotShown()
    {
        var result = await Sender.SendAsync(Reply("so far", OutboundKind.Partial), CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendResult.Sent, result);
        Assert.Empty(_connector.Calls);
    }

    [Fact]
    public async Task Typing_RefreshedEveryIntervalUntilTheFinal()
    {
        var time = new ManualTimeProvider();
        await using var services = Build(time);
        var sender = services.GetServices<IChannelSender>().Single();
        const string personal = "a:1pL4Bf8NsyXh8Z-qyK3W1M2bN_6Wg3CtQyD2rF7kXq0YjU9eHs5vLmR1aBcDeFgHi";

        var typing = await sender.SendAsync(Reply("", OutboundKind.Typing, conversation: personal, type: "personal"), CancellationToken.None).DefaultTimeout();
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(3)).DefaultTimeout();
        time.Advance(TimeSpan.FromSeconds(3));
        await _connector.WaitForCallsAsync(c => c.Type == "typing", count: 2).DefaultTimeout();
        await sender.SendAsync(Reply("done", conversation: personal, type: "personal"), CancellationToken.None).DefaultTimeout();
        time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(SendResult.Sent, typing);
        Assert.Equal(["typing", "typing", "message"], _connector.CallsTo(personal).Select(c => c.Type));
        Assert.Equal(0, services.GetRequiredService<BotFrameworkTypingIndicator>().Active);
    }

    [Fact]
    public async Task Typing_InAChannel_NotSent()
    {
        var result = await Sender.SendAsync(Reply("", OutboundKind.Typing), CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendResult.Sent, result);
        Assert.Empty(_connector.Calls);
    }

    /// <summary>The most calls that fall in any window of length <paramref name="window"/>.</summary>
    private static int MaxInWindow(IEnumerable<ConnectorCall> calls, TimeSpan window)
    {
        var sorted = calls.Select(c => c.At).Order().ToArray();
        var best = 0;
        for (int start = 0, end = 0; end < sorted.Length; end++)
        {
            while (sorted[end] - sorted[start] >= window)
            {
                start++;
            }

            best = Math.Max(best, end - start + 1);
        }

        return best;
    }

    private static OutboundMessage InTenant(OutboundMessage reply, string tenant) =>
        reply with { Properties = new Dictionary<string, string>(reply.Properties!) { [BotFrameworkProperties.TenantId] = tenant } };

    // Counted at the fake, on the real clock: a post may reach the fake up to a second after the budget let it go (a
    // loaded machine), so a window of T at the fake holds at most what T + 1 s allow. Without the budget all arrive at once.
    [Fact]
    public async Task Final_TwentyRepliesToOneConversation_CountedAtTheFakeWithinTeamsWindows()
    {
        const string personal = "a:budget-one-conversation";

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Sender.SendAsync(Reply($"reply {i}", id: $"re_{i}", conversation: personal, type: "personal"), CancellationToken.None).AsTask())).DefaultTimeout();

        var messages = _connector.MessagesIn(personal);
        Assert.All(results, r => Assert.Equal(SendResult.Sent, r));
        Assert.Equal(20, messages.Select(m => m.Text).Distinct().Count());
        Assert.InRange(MaxInWindow(messages, TimeSpan.FromSeconds(1)), 1, 8); // 7 a second, 8 in any 2 s (20 without the budget)
    }

    [Fact]
    public async Task Final_OneReplyToEachOfFortyConversationsOfATenant_CountedAtTheFakeWithinTheTenantBudget()
    {
        await using var services = Build(settings: new()
        {
            ["Channels:Teams:BudgetPerTenantPerSecond"] = "10",
            ["Channels:Teams:BudgetPerTenantBurst"] = "5",
        });
        var sender = services.GetServices<IChannelSender>().Single();
        const string tenant = "0e1f2a3b-4c5d-4e6f-8a9b-c0d1e2f3a4b5";
        const string otherTenant = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

        var sends = Enumerable.Range(0, 40).Select(i => InTenant(Reply("broadcast", id: $"re_a{i}", conversation: $"a:tenant-{i}", type: "personal"), tenant))
            .Concat(Enumerable.Range(0, 5).Select(i => InTenant(Reply("broadcast", id: $"re_b{i}", conversation: $"b:tenant-{i}", type: "personal"), otherTenant)))
            .Select(reply => sender.SendAsync(reply, CancellationToken.None).AsTask())
            .ToArray();
        var results = await Task.WhenAll(sends).DefaultTimeout();

        var toTenant = _connector.Calls.Where(c => c.ConversationId.StartsWith("a:", StringComparison.Ordinal)).ToList();
        var toOther = _connector.Calls.Where(c => c.ConversationId.StartsWith("b:", StringComparison.Ordinal)).ToList();
        Assert.All(results, r => Assert.Equal(SendResult.Sent, r));
        Assert.Equal(40, toTenant.Select(c => c.ConversationId).Distinct().Count());
        Assert.Equal(5, toOther.Select(c => c.ConversationId).Distinct().Count());
        Assert.InRange(MaxInWindow(toTenant, TimeSpan.FromSeconds(1)), 1, 5 + 20); // burst + 10 a second, over 2 s (40 without the budget)
        Assert.True(toOther.Max(c => c.At) < toTenant.Max(c => c.At), "the other tenant waited for this one's budget"); // its own burst: at once
    }
}
