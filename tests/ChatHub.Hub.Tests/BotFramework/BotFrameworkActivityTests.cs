using System.Net;
using System.Text.Json;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Inference.Knowledge;
using ChatHub.Testing.BotFramework;

namespace ChatHub.Hub.Tests.BotFramework;

/// <summary>POST /api/messages on a real hub: Teams activities answered at the right URL, bad tokens refused, bad bodies rejected.</summary>
public sealed class BotFrameworkActivityTests : IClassFixture<BotFrameworkHubFixture>
{
    private readonly BotFrameworkHub _hub;

    public BotFrameworkActivityTests(BotFrameworkHubFixture fixture) => _hub = fixture.Hub;

    private static string KnowledgeAnswer(string question) =>
        KnowledgeBase.Load(Path.Combine(RepoPaths.Root, "content", "knowledge.md")).Entries.Single(e => e.Question == question).Answer;

    private static string Escaped(string id) => Uri.EscapeDataString(id);

    [Fact]
    public async Task Activity_TeamsPersonalMessage_TypingThenPlainReplyToTheActivityWithValidBearer()
    {
        var conversation = "a:1personal" + BotFrameworkHub.NextId();
        var id = BotFrameworkHub.NextId();

        var response = await _hub.PostActivityAsync(_hub.Activity("personal_message", id, conversation));
        var reply = (await _hub.Connector.WaitForMessagesAsync(conversation).DefaultTimeout())[0];

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"/amer/v3/conversations/{Escaped(conversation)}/activities/{id}", reply.RawPath);
        Assert.True(await _hub.Issuer.IsValidConnectorTokenAsync(reply.Authorization).DefaultTimeout(), "the reply's bearer token does not validate");
        Assert.Equal(KnowledgeAnswer("What is ChatHub?"), reply.Text);
        Assert.Equal("markdown", reply.Body["textFormat"]!.GetValue<string>());
        Assert.Equal(["typing", "message"], _hub.Connector.CallsTo(conversation).Select(c => c.Type));
        var inbound = Assert.Single(_hub.Bus.Inbound, m => m.Conversation.ChatId == conversation);
        Assert.Equal("teams", inbound.Conversation.Channel);
        Assert.Equal(FakeTokenIssuer.TenantId, inbound.Properties!["teams.tenant_id"]);
    }

    /// <summary>
    /// Buttons round trip on Teams: a knowledge answer carries its entry's suggestions as imBack suggested actions; a click
    /// arrives as the person's message with the value as its text (what Teams sends for imBack), and is answered.
    /// </summary>
    [Fact]
    public async Task Activity_SuggestedActionClicked_ItsValueAnsweredAsThePersonsMessage()
    {
        var conversation = "a:1personal" + BotFrameworkHub.NextId();
        var asked = KnowledgeBase.Load(Path.Combine(RepoPaths.Root, "content", "knowledge.md")).Entries.Single(e => e.Question == "What is ChatHub?");

        await _hub.PostActivityAsync(_hub.Activity("personal_message", BotFrameworkHub.NextId(), conversation));
        var answer = (await _hub.Connector.WaitForMessagesAsync(conversation).DefaultTimeout())[0];
        var actions = answer.Body["suggestedActions"]!["actions"]!.AsArray();
        Assert.Equal(asked.Suggestions.Select(s => ("imBack", s, s)),
            actions.Select(a => (a!["type"]!.GetValue<string>(), a["title"]!.GetValue<string>(), a["value"]!.GetValue<string>())));

        var click = BotFrameworkHub.NextId();
        await _hub.PostActivityAsync(_hub.Activity("personal_message", click, conversation, text: actions[0]!["value"]!.GetValue<string>()));
        await _hub.Connector.WaitForCallsAsync(c => c.ConversationId == conversation && c.IsMessage && c.ReplyToId == click).DefaultTimeout();

        Assert.Equal(KnowledgeAnswer(asked.Suggestions[0]), _hub.Connector.MessagesIn(conversation).Single(c => c.ReplyToId == click).Text);
    }

    /// <summary>An entry's Links: go to Teams as a hero card of openUrl buttons, in every kind of chat.</summary>
    [Fact]
    public async Task Activity_AnswerWithLinks_HeroCardWithOpenUrlButtons()
    {
        var conversation = "a:1personal" + BotFrameworkHub.NextId();
        var link = Assert.Single(KnowledgeBase.Load(Path.Combine(RepoPaths.Root, "content", "knowledge.md")).Entries
            .Single(e => e.Question == "How do I connect a Discord bot?").Links);

        await _hub.PostActivityAsync(_hub.Activity("personal_message", BotFrameworkHub.NextId(), conversation, text: "How do I connect a Discord bot?"));
        var answer = (await _hub.Connector.WaitForMessagesAsync(conversation).DefaultTimeout())[0];

        var card = Assert.Single(answer.Body["attachments"]!.AsArray())!;
        Assert.Equal("application/vnd.microsoft.card.hero", card["contentType"]!.GetValue<string>());
        var button = Assert.Single(card["content"]!["buttons"]!.AsArray())!;
        Assert.Equal(("openUrl", link.Text, link.Url), (button["type"]!.GetValue<string>(), button["title"]!.GetValue<string>(), button["value"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Activity_TeamsChannelMention_ReplyInTheThreadMentionStripped()
    {
        var channel = $"19:{BotFrameworkHub.NextId()}@thread.tacv2";
        var id = BotFrameworkHub.NextId();
        var conversation = $"{channel};messageid={id}";

        var response = await _hub.PostActivityAsync(_hub.Activity("channel_mention", id, conversation));
        var reply = (await _hub.Connector.WaitForMessagesAsync(conversation).DefaultTimeout())[0];

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"/amer/v3/conversations/{Escaped(conversation)}/activities/{id}", reply.RawPath);
        Assert.Contains("%3Bmessageid%3D", reply.RawPath, StringComparison.Ordinal);
        Assert.True(await _hub.Issuer.IsValidConnectorTokenAsync(reply.Authorization).DefaultTimeout());
        Assert.Equal(KnowledgeAnswer("Which platforms does ChatHub support?"), reply.Text);
        Assert.Equal("Which platforms does ChatHub support?", Assert.Single(_hub.Bus.Inbound, m => m.Conversation.ChatId == conversation).Text);
        Assert.DoesNotContain(_hub.Connector.CallsTo(conversation), c => c.Type == "typing"); // Teams channels show no typing
    }

    [Fact]
    public async Task Activity_Redelivered_AnsweredOnce()
    {
        var conversation = "a:1redelivered" + BotFrameworkHub.NextId();
        var first = BotFrameworkHub.NextId();
        var activity = _hub.Activity("personal_message", first, conversation);

        var response = await _hub.PostActivityAsync(activity);
        var again = await _hub.PostActivityAsync(activity);
        var next = BotFrameworkHub.NextId();
        await _hub.PostActivityAsync(_hub.Activity("personal_message", next, conversation, text: "/help"));
        await _hub.Connector.WaitForCallsAsync(c => c.ConversationId == conversation && c.IsMessage && c.ReplyToId == next).DefaultTimeout();

        // Replies in a conversation are in order: the reply to the third came after any reply to the first.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Single(_hub.Connector.MessagesIn(conversation), c => c.ReplyToId == first);
        Assert.Equal(2, _hub.Bus.Inbound.Count(m => m.Conversation.ChatId == conversation));
    }

    public static TheoryData<string> BadTokens() => ["expired", "wrong-audience", "wrong-issuer", "wrong-serviceUrl", "unsigned", "tampered", "unknown-key", "missing", "garbage"];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Activity_BadToken_401WithReasonAndNothingPublished(string kind)
    {
        var conversation = "a:1refused" + BotFrameworkHub.NextId();
        var serviceUrl = _hub.Connector.ServiceUrl;
        var token = kind switch
        {
            "expired" => _hub.Issuer.BotConnectorToken(serviceUrl, expires: DateTimeOffset.UtcNow.AddMinutes(-10)),
            "wrong-audience" => _hub.Issuer.BotConnectorToken(serviceUrl, audience: "00000000-1111-4222-8333-444444444444"),
            "wrong-issuer" => _hub.Issuer.BotConnectorToken(serviceUrl, issuer: "https://sts.windows.net/99999999-9999-4999-8999-999999999999/"),
            "wrong-serviceUrl" => _hub.Issuer.BotConnectorToken("https://smba.trafficmanager.net/emea/"),
            "unsigned" => _hub.Issuer.UnsignedToken(serviceUrl),
            "tampered" => FakeTokenIssuer.Tamper(_hub.Issuer.BotConnectorToken(serviceUrl)),
            "unknown-key" => _hub.Issuer.TokenSignedByUnpublishedKey(serviceUrl),
            "missing" => null,
            _ => "eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
        };

        var response = await _hub.PostActivityAsync(_hub.Activity("personal_message", BotFrameworkHub.NextId(), conversation), token);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync().DefaultTimeout()).RootElement;

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.DoesNotContain(_hub.Bus.Inbound, m => m.Conversation.ChatId == conversation);
        Assert.Empty(_hub.Connector.CallsTo(conversation));
    }

    [Fact]
    public async Task Activity_EntraTokenOfTheBotsOwnApp_Accepted()
    {
        var conversation = "a:1entra" + BotFrameworkHub.NextId();

        var response = await _hub.PostActivityAsync(_hub.Activity("personal_message", BotFrameworkHub.NextId(), conversation), _hub.Issuer.EntraToken(FakeTokenIssuer.AppId));
        await _hub.Connector.WaitForMessagesAsync(conversation).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("group_chat_unaddressed")]
    [InlineData("invoke_card_action")]
    [InlineData("conversation_update_user_added")]
    public async Task Activity_NothingForTheBot_200AndNothingPublished(string payload)
    {
        var conversation = "19:ignored" + BotFrameworkHub.NextId();

        var response = await _hub.PostActivityAsync(_hub.Activity(payload, BotFrameworkHub.NextId(), conversation));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(_hub.Bus.Inbound, m => m.Conversation.ChatId == conversation);
    }

    [Fact]
    public async Task Activity_BotAddedToTeam_WelcomePostedToTheConversationOnce()
    {
        var conversation = $"19:{BotFrameworkHub.NextId()}@thread.tacv2";
        var update = _hub.Activity("conversation_update_bot_added", "f:" + BotFrameworkHub.NextId(), conversation);

        var response = await _hub.PostActivityAsync(update);
        await _hub.PostActivityAsync(update);
        var welcome = (await _hub.Connector.WaitForMessagesAsync(conversation).DefaultTimeout())[0];
        await _hub.PostActivityAsync(_hub.Activity("channel_mention", BotFrameworkHub.NextId(), conversation));
        await _hub.Connector.WaitForMessagesAsync(conversation, count: 2).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(BotFrameworkHub.Welcome, welcome.Text);
        Assert.Equal($"/amer/v3/conversations/{Escaped(conversation)}/activities", welcome.RawPath);
        Assert.Single(_hub.Connector.MessagesIn(conversation), m => m.Text == BotFrameworkHub.Welcome);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1, 2]")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("{\"type\": 7}")]
    [InlineData("")]
    public async Task Activity_MalformedOrNotAnActivity_400WithReason(string body)
    {
        var response = await _hub.PostActivityAsync(body);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync().DefaultTimeout()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("activity", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activity_MessageWithoutId_400()
    {
        var response = await _hub.PostActivityAsync("""{"type":"message","text":"hi","channelId":"msteams","serviceUrl":"SERVICE","conversation":{"id":"a:1","tenantId":"TENANT"},"from":{"id":"29:1"}}"""
            .Replace("SERVICE", _hub.Connector.ServiceUrl, StringComparison.Ordinal).Replace("TENANT", FakeTokenIssuer.TenantId, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Activity_NestedTooDeep_400()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100);
        var body = _hub.Activity("personal_message", BotFrameworkHub.NextId(), "a:1deep")[..^1] + ",\"channelData\":" + deep + "}";

        var response = await _hub.PostActivityAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Activity_BodyOverOneMegabyte_413(bool chunked)
    {
        var body = _hub.Activity("personal_message", BotFrameworkHub.NextId(), "a:1large", text: new string('x', 1024 * 1024));

        var response = await _hub.PostActivityAsync(body, chunked: chunked);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Activity_OverTheTextLimit_ShortErrorReplyInTeams()
    {
        var conversation = "a:1toolong" + BotFrameworkHub.NextId();

        var response = await _hub.PostActivityAsync(_hub.Activity("personal_message", BotFrameworkHub.NextId(), conversation, text: new string('y', 4001)));
        var reply = (await _hub.Connector.WaitForMessagesAsync(conversation).DefaultTimeout())[0];

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("4,000", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_KeysFetched_TeamsCheckHealthy()
    {
        await _hub.PostActivityAsync(_hub.Activity("invoke_card_action", BotFrameworkHub.NextId(), "a:1ready")); // keys are surely fetched now

        var response = await _hub.Http.GetAsync(new Uri("/readyz", UriKind.Relative)).DefaultTimeout();
        var body = await response.Content.ReadAsStringAsync().DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("teams: signing keys from 127.0.0.1", body, StringComparison.Ordinal);
    }
}
