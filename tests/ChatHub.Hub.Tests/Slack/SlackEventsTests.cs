using System.Net;
using ChatHub.Testing.Slack;

namespace ChatHub.Hub.Tests.Slack;

/// <summary>
/// The Events API on a real hub (Kestrel, the real composition) against the loopback fake Slack: mentions answered in
/// their thread, DMs in the DM, signatures checked before anything is read, retries de-duplicated, url_verification.
/// </summary>
public sealed class SlackEventsTests : IClassFixture<SlackHubFixture>
{
    private readonly SlackHub _hub;

    public SlackEventsTests(SlackHubFixture fixture) => _hub = fixture.Hub;

    [Fact]
    public async Task Events_AppMention_AnsweredInItsThreadAsItsOwnConversation()
    {
        const string channel = "C0MENTION1";
        var ts = SlackPayloads.NextTs();

        var response = await _hub.PostEventAsync(SlackPayloads.AppMention(channel, ts, "What is ChatHub?"));
        var reply = (await _hub.Fake.WaitForCallsAsync("chat.postMessage", channel).DefaultTimeout())[0];

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ts, reply.ThreadTs);
        Assert.False(string.IsNullOrWhiteSpace(reply.Text));
        Assert.Equal("none", reply.Body["parse"]!.GetValue<string>());
        Assert.False(reply.Body["link_names"]!.GetValue<bool>());
        Assert.Equal("Bearer " + FakeSlack.BotToken, reply.Authorization);
        var inbound = Assert.Single(_hub.Bus.Inbound, m => m.PlatformMessageId == ts);
        Assert.Equal("What is ChatHub?", inbound.Text); // the bot's <@U…> mention removed
        Assert.Equal($"slack:{FakeSlack.TeamId}:{channel}:{ts}", inbound.Conversation.Key);
        Assert.False(inbound.IsDirect);
    }

    [Fact]
    public async Task Events_MentionInsideAThread_AnsweredInThatThreadSameConversation()
    {
        const string channel = "C0MENTION2";
        var root = SlackPayloads.NextTs();
        var first = SlackPayloads.NextTs();
        var second = SlackPayloads.NextTs();

        await _hub.PostEventAsync(SlackPayloads.AppMention(channel, first, "/help", threadTs: root));
        await _hub.PostEventAsync(SlackPayloads.AppMention(channel, second, "What is ChatHub?", threadTs: root));
        var replies = await _hub.Fake.WaitForCallsAsync("chat.postMessage", channel, count: 2).DefaultTimeout();

        Assert.All(replies, r => Assert.Equal(root, r.ThreadTs));
        var keys = _hub.Bus.Inbound.Where(m => m.PlatformMessageId == first || m.PlatformMessageId == second).Select(m => m.Conversation.Key).Distinct();
        Assert.Equal($"slack:{FakeSlack.TeamId}:{channel}:{root}", Assert.Single(keys));
    }

    [Fact]
    public async Task Events_DirectMessage_AnsweredInTheDmOutsideAThread()
    {
        const string dm = "D0DIRECT01";
        var ts = SlackPayloads.NextTs();

        var response = await _hub.PostEventAsync(SlackPayloads.DirectMessage(dm, ts, "What is ChatHub?"));
        var reply = (await _hub.Fake.WaitForCallsAsync("chat.postMessage", dm).DefaultTimeout())[0];

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(reply.ThreadTs);
        var inbound = Assert.Single(_hub.Bus.Inbound, m => m.PlatformMessageId == ts);
        Assert.True(inbound.IsDirect);
        Assert.Equal($"slack:{FakeSlack.TeamId}:{dm}", inbound.Conversation.Key);
    }

    [Fact]
    public async Task Events_BotMessagesEditsAndOwnMessages_NotAnswered()
    {
        const string dm = "D0IGNORED1";
        var fromBot = SlackPayloads.NextTs();
        var own = SlackPayloads.NextTs();
        var joined = SlackPayloads.NextTs();
        var person = SlackPayloads.NextTs();

        await _hub.PostEventAsync(SlackPayloads.DirectMessage(dm, fromBot, "/help", subtype: "bot_message", botId: "B0OTHERBOT"));
        await _hub.PostEventAsync(SlackPayloads.DirectMessage(dm, own, "/help", user: FakeSlack.BotUserId, botId: FakeSlack.BotId));
        await _hub.PostEventAsync(SlackPayloads.DirectMessage(dm, joined, "/help", subtype: "channel_join"));
        var edit = await _hub.PostEventAsync(SlackPayloads.DirectMessageChanged(dm, person, "/help"));
        await _hub.PostEventAsync(SlackPayloads.DirectMessage(dm, person, "/help"));
        await _hub.Fake.WaitForCallsAsync("chat.postMessage", dm).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.Equal(person, Assert.Single(_hub.Bus.Inbound, m => m.Conversation.ChatId == dm).PlatformMessageId);
    }

    [Fact]
    public async Task Events_RetriedDelivery_AcknowledgedAndPublishedOnce()
    {
        const string dm = "D0RETRIED1";
        var ts = SlackPayloads.NextTs();
        var payload = SlackPayloads.DirectMessage(dm, ts, "What is ChatHub?", eventId: "Ev0RETRY0001");

        var first = await _hub.PostEventAsync(payload);
        var retry1 = await _hub.PostEventAsync(payload, retryNum: 1);
        var retry2 = await _hub.PostEventAsync(payload, retryNum: 2);
        await _hub.Fake.WaitForCallsAsync("chat.postMessage", dm).DefaultTimeout();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, retry1.StatusCode, retry2.StatusCode));
        Assert.Single(_hub.Bus.Inbound, m => m.PlatformMessageId == ts);
    }

    [Fact]
    public async Task Attack_ForgedSignature_Refused401BeforeAnythingIsPublished()
    {
        const string dm = "D0FORGED01";
        var ts = SlackPayloads.NextTs();

        var response = await _hub.PostEventAsync(SlackPayloads.DirectMessage(dm, ts, "/help"), secret: "0123456789abcdef0123456789abcdef");
        var detail = await response.Content.ReadAsStringAsync().DefaultTimeout();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("does not match", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(_hub.Bus.Inbound, m => m.PlatformMessageId == ts);
    }

    [Fact]
    public async Task Attack_BodyChangedAfterSigning_Refused401()
    {
        var ts = SlackPayloads.NextTs();
        var body = SlackPayloads.DirectMessage("D0TAMPER01", ts, "/help").ToJsonString();
        using var request = SlackPayloads.SignedRequest(_hub.WebhookUrl, body);
        request.Content = new StringContent(body.Replace("/help", "/stop", StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json");

        var response = await _hub.Http.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(_hub.Bus.Inbound, m => m.PlatformMessageId == ts);
    }

    [Theory]
    [InlineData(-6)]
    [InlineData(6)]
    public async Task Attack_ReplayWithTimestampMoreThanFiveMinutesOff_Refused401(int minutes)
    {
        var ts = SlackPayloads.NextTs();

        var response = await _hub.PostEventAsync(
            SlackPayloads.DirectMessage("D0STALE001", ts, "/help"), timestamp: DateTimeOffset.UtcNow.AddMinutes(minutes));
        var detail = await response.Content.ReadAsStringAsync().DefaultTimeout();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("stale or replayed", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(_hub.Bus.Inbound, m => m.PlatformMessageId == ts);
    }

    [Fact]
    public async Task Attack_NoSignatureHeaders_Refused401()
    {
        using var content = new StringContent(SlackPayloads.UrlVerification("abc").ToJsonString(), System.Text.Encoding.UTF8, "application/json");

        var response = await _hub.Http.PostAsync(_hub.WebhookUrl, content).DefaultTimeout();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("abc", await response.Content.ReadAsStringAsync().DefaultTimeout(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UrlVerification_Signed_AnsweredWithTheChallenge()
    {
        const string challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P";

        var response = await _hub.PostEventAsync(SlackPayloads.UrlVerification(challenge));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(challenge, await response.Content.ReadAsStringAsync().DefaultTimeout());
    }

    [Fact]
    public async Task Events_BodyOverTheCap_413()
    {
        var body = "{\"type\":\"event_callback\",\"x\":\"" + new string('a', 1024 * 1024) + "\"}";

        var response = await _hub.PostRawAsync(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Events_SignedButNotJson_400WithReason()
    {
        var response = await _hub.PostRawAsync("{\"type\":\"event_callback\",\"event\":");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not an Events API request", await response.Content.ReadAsStringAsync().DefaultTimeout(), StringComparison.Ordinal);
    }
}
