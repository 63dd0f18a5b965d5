using ChatHub.Adapters.Abstractions;
using ChatHub.Adapters.WhatsApp;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Routing;
using ChatHub.Testing.WhatsApp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatHub.Adapters.Tests.WhatsApp;

/// <summary>The egress sender against the loopback Cloud API: the request shape, splitting, resuming, partials, the window, failures.</summary>
public sealed class WhatsAppSenderTests : IAsyncLifetime
{
    private const string PhoneNumberId = "106540352242922";
    private const string Person = "16505551234";
    private FakeCloudApi _api = null!;
    private ServiceProvider _services = null!;

    private IChannelSender Sender => _services.GetServices<IChannelSender>().Single();

    public async Task InitializeAsync()
    {
        _api = await FakeCloudApi.StartAsync();
        _api.RecordInbound(Person, DateTimeOffset.UtcNow);
        _services = Build();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _api.DisposeAsync();
    }

    private ServiceProvider Build(Dictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Channels:WhatsApp:PhoneNumberId"] = PhoneNumberId,
            ["Channels:WhatsApp:AccessToken"] = _api.AccessToken,
            ["Channels:WhatsApp:ApiBaseUrl"] = _api.ApiBaseUrl.ToString(),
            ["Channels:WhatsApp:AllowInsecureHttp"] = "true",
            ["Channels:WhatsApp:RetryBaseDelay"] = "00:00:00.010",
            ["Channels:WhatsApp:RetryMaxDelay"] = "00:00:00.050",
            ["Channels:WhatsApp:PairRateLimitDelay"] = "00:00:00.020",
            ["Channels:WhatsApp:PairBurst"] = "45",
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(new HubRoles(HubRole.Egress));
        services.AddSingleton<IIdentityMap, InMemoryIdentityMap>();
        services.AddSingleton<IRoutingTable, InMemoryRoutingTable>();
        new ChannelAdaptersBuilder(services, configuration, new HubRoles(HubRole.Egress)).AddWhatsApp();
        return services.BuildServiceProvider(validateScopes: true);
    }

    private static OutboundMessage Reply(string text, OutboundKind kind = OutboundKind.Final, string id = "re_1", bool answered = true) => new()
    {
        Id = id,
        Conversation = new ConversationRef(ChannelNames.WhatsApp, PhoneNumberId, Person),
        Kind = kind,
        Text = text,
        ReplyToPlatformMessageId = "wamid.question",
        InboundAcceptedAt = answered ? DateTimeOffset.UtcNow : null,
    };

    [Fact]
    public async Task Send_Final_PlainTextQuotingTheQuestionWithTheToken()
    {
        var result = await Sender.SendAsync(Reply("Hello *there* https://example.com"), CancellationToken.None).AsTask().DefaultTimeout();

        Assert.Equal(SendStatus.Sent, result.Status);
        var call = Assert.Single(_api.DeliveredTo(Person));
        Assert.Equal((PhoneNumberId, "Bearer " + _api.AccessToken), (call.PhoneNumberId, call.Authorization));
        // The hub's own reply is plain text: its asterisks stay asterisks (a zero-width space keeps WhatsApp from bolding).
        Assert.Equal(("text", "Hello *\u200Bthere*\u200B https://example.com", "wamid.question"), (call.Type, call.Text, call.ReplyTo));
        Assert.False(call.Body["text"]!["preview_url"]!.GetValue<bool>());
        Assert.Equal("individual", call.Body["recipient_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Send_FinalWithLinks_TheLinksFollowAsLabelAndAddressLines()
    {
        var reply = Reply("See the docs.") with
        {
            Links = [new LinkButton("Docs", "https://docs.example/start"), new LinkButton("Status", "https://status.example/")],
        };

        await Sender.SendAsync(reply, CancellationToken.None).AsTask().DefaultTimeout();

        var call = Assert.Single(_api.DeliveredTo(Person));
        Assert.Equal(("text", "See the docs.\n\nDocs: https://docs.example/start\nStatus: https://status.example/"), (call.Type, call.Text));
    }

    /// <summary>
    /// A list message's body holds at most 1,024 characters: a long answer with suggestions is cut at that length so its
    /// last part, the list, is accepted (cut at 4,096, the list was refused and the answer dead-lettered).
    /// </summary>
    [Fact]
    public async Task Send_LongFinalWithSuggestions_EveryPartAcceptedTheLastAListWithinTheInteractiveLimit()
    {
        var text = string.Join("\n\n", Enumerable.Range(1, 30).Select(i => $"Paragraph {i} " + new string('x', 90)));

        var result = await Sender.SendAsync(Reply(text) with { Suggestions = ["More?"] }, CancellationToken.None).AsTask().DefaultTimeout();

        Assert.Equal(SendStatus.Sent, result.Status);
        var calls = _api.DeliveredTo(Person);
        Assert.True(calls.Count > 2, $"{calls.Count} parts");
        Assert.All(calls, call => Assert.True(call.Succeeded, call.Body.ToJsonString()));
        Assert.All(calls.SkipLast(1), call => Assert.Equal("text", call.Type));
        Assert.Equal("interactive", calls[^1].Type);
        Assert.InRange(calls[^1].Text!.Length, 1, FakeCloudApi.MaxInteractiveBodyLength);
        Assert.EndsWith("Paragraph 30 " + new string('x', 90), calls[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_LongFinal_SplitAt4096OnlyTheFirstQuoting()
    {
        var text = string.Join("\n\n", Enumerable.Range(0, 30).Select(i => new string((char)('a' + (i % 26)), 300)));

        await Sender.SendAsync(Reply(text), CancellationToken.None).AsTask().DefaultTimeout();

        var parts = _api.DeliveredTo(Person);
        Assert.Equal(3, parts.Count);
        Assert.All(parts, p => Assert.InRange(p.Text!.Length, 1, 4096));
        Assert.Equal(["wamid.question", null, null], parts.Select(p => p.ReplyTo));
        Assert.Equal(text.Replace("\n\n", "", StringComparison.Ordinal), string.Concat(parts.Select(p => p.Text!.Replace("\n\n", "", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Send_SecondPartOutlastsTheAttemptsThenBusRetries_ContinuesWithTheFailedPartOnly()
    {
        var text = new string('a', 4000) + "\n\n" + new string('b', 4000);
        _api.FailNext(500, 131000, Person, times: 10, afterCalls: 1);

        // The second part hits the outage until the adapter's attempts run out: transient, the first part kept as sent.
        var first = await Sender.SendAsync(Reply(text), CancellationToken.None).AsTask().DefaultTimeout();
        _api.ClearFaults();
        var retried = await Sender.SendAsync(Reply(text), CancellationToken.None).AsTask().DefaultTimeout();
        var again = await Sender.SendAsync(Reply(text), CancellationToken.None).AsTask().DefaultTimeout();

        Assert.Equal((SendStatus.Transient, SendStatus.Sent, SendStatus.Sent), (first.Status, retried.Status, again.Status));
        Assert.Equal(['a', 'b'], _api.DeliveredTo(Person).Select(p => p.Text![0]));
        Assert.Equal(1 + 6 + 1, _api.MessagesTo(Person).Count);
    }

    [Fact]
    public async Task Send_PartialAndTyping_NoTextSentTypingMarksTheQuestionRead()
    {
        var partial = await Sender.SendAsync(Reply("Hel", OutboundKind.Partial), CancellationToken.None).AsTask().DefaultTimeout();
        var typing = await Sender.SendAsync(Reply("", OutboundKind.Typing), CancellationToken.None).AsTask().DefaultTimeout();

        Assert.Equal((SendStatus.Sent, SendStatus.Sent), (partial.Status, typing.Status));
        var read = Assert.Single(_api.Calls);
        Assert.Equal(("read", "wamid.question", true), (read.Type, read.ReadMessageId, read.Typing));
    }

    [Fact]
    public async Task Send_ProactiveToSomeoneWhoNeverWrote_PermanentNamingTheWindowAndTheTemplateSetting()
    {
        var result = await Sender.SendAsync(Reply("News!", answered: false), CancellationToken.None).AsTask().DefaultTimeout();

        Assert.Equal(SendStatus.Permanent, result.Status);
        Assert.Contains("24 hours", result.Reason, StringComparison.Ordinal);
        Assert.Contains("WindowTemplate", result.Reason, StringComparison.Ordinal);
        Assert.Empty(_api.Calls);
    }

    [Fact]
    public async Task Send_OtherPhoneNumbersConversation_Permanent()
    {
        var result = await Sender.SendAsync(Reply("x") with { Conversation = new ConversationRef(ChannelNames.WhatsApp, "999", Person) }, CancellationToken.None)
            .AsTask().DefaultTimeout();

        Assert.Equal(SendStatus.Permanent, result.Status);
        Assert.Empty(_api.Calls);
    }

    [Fact]
    public async Task Send_ThroughputLimitedBeyondAttempts_TransientWithTheCode()
    {
        _api.FailNext(400, 130429, Person, times: 100);

        var result = await Sender.SendAsync(Reply("x"), CancellationToken.None).AsTask().DefaultTimeout();

        Assert.Equal(SendStatus.Transient, result.Status);
        Assert.Contains("130429", result.Reason, StringComparison.Ordinal);
        Assert.Equal(6, _api.MessagesTo(Person).Count);
    }
}
