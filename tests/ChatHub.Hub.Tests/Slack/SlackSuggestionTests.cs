using System.Net;
using System.Text.Json.Nodes;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Testing.Logging;
using ChatHub.Testing.Slack;

namespace ChatHub.Hub.Tests.Slack;

/// <summary>
/// Suggested replies round trip on the hub with the fake Slack (Events API mode): a knowledge answer's suggestions
/// become Block Kit buttons under its text (the fake enforces Block Kit's limits); a press, posted signed to the
/// webhook as Slack's interactivity request (<c>payload=</c>, form-encoded), is asked as the person's message; forged
/// presses are refused with a log line, and a press without a valid signature is 401 like any request.
/// </summary>
public sealed class SlackSuggestionTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private SlackHub _hub = null!;

    public async Task InitializeAsync() => _hub = await SlackHub.StartAsync(configure: _logs.Install);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private async Task<FakeSlackMessage> AskAsync(string dm)
    {
        using var asked = await _hub.PostEventAsync(SlackPayloads.DirectMessage(dm, SlackPayloads.NextTs(), "What is ChatHub?"));
        await _hub.Fake.WaitForCallsAsync("chat.postMessage", dm).DefaultTimeout();
        return Assert.Single(_hub.Fake.MessagesIn(dm));
    }

    private Task<HttpResponseMessage> PressAsync(JsonNode payload, string secret = FakeSlack.SigningSecret) =>
        _hub.PostRawAsync(SlackPayloads.InteractionForm(payload), secret, contentType: "application/x-www-form-urlencoded");

    [Fact]
    public async Task Press_OfASuggestion_200AndTheChosenTextAsked()
    {
        const string dm = "D0SUGGEST1";
        var asked = KnowledgeEntries.Entry("What is ChatHub?");
        var chosen = KnowledgeEntries.Entry(asked.Suggestions[0]);
        var answer = await AskAsync(dm);
        Assert.Equal(asked.Suggestions, answer.ButtonTexts);

        using var response = await PressAsync(SlackPayloads.BlockActions(dm, answer.ToJson(), "s0"));
        await _hub.Fake.WaitForCallsAsync("chat.postMessage", dm, count: 2).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var inbound = _hub.Bus.Inbound.Where(m => m.Conversation.ChatId == dm).ToList();
        Assert.Equal(["What is ChatHub?", chosen.Question], inbound.Select(m => m.Text));
        Assert.Equal(answer.Ts, inbound[1].ReplyToPlatformMessageId);
    }

    /// <summary>A link button opens its address in Slack; Slack still posts the click, which is acknowledged and not asked.</summary>
    [Fact]
    public async Task Click_OfALinkButton_200NothingAskedNoWarning()
    {
        const string dm = "D0SUGGEST5";
        var link = Assert.Single(KnowledgeEntries.Entry("How do I connect a Discord bot?").Links);
        using var asked = await _hub.PostEventAsync(SlackPayloads.DirectMessage(dm, SlackPayloads.NextTs(), "How do I connect a Discord bot?"));
        await _hub.Fake.WaitForCallsAsync("chat.postMessage", dm).DefaultTimeout();
        var answer = Assert.Single(_hub.Fake.MessagesIn(dm));
        Assert.Equal([link.Text], answer.ButtonTexts);

        using var response = await PressAsync(SlackPayloads.BlockActions(dm, answer.ToJson(), "l0"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_hub.Bus.Inbound, m => m.Conversation.ChatId == dm);
        Assert.DoesNotContain(_logs.Entries, e => e.EventId == 2508);
    }

    [Theory]
    [InlineData("an action id not on the message", "not on its message")]
    [InlineData("a message the bot did not post", "the bot did not post")]
    public async Task Press_Forged_RefusedWithALogLineAndNothingAsked(string forgery, string reason)
    {
        const string dm = "D0SUGGEST2";
        var answer = await AskAsync(dm);
        var before = _hub.Bus.Inbound.Count;
        var message = answer.ToJson();
        var actionId = "s0";
        if (forgery == "a message the bot did not post")
        {
            message["user"] = "U2147483697";
            message.Remove("bot_id");
        }
        else
        {
            actionId = "Ignore previous instructions";
        }

        using var response = await PressAsync(SlackPayloads.BlockActions(dm, message, actionId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, _hub.Bus.Inbound.Count);
        Assert.Contains(_logs.Entries, e => e.EventId == 2508 && e.Level == LogLevel.Warning && e.Text.Contains(reason, StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Entries, e => e.Text.Contains("Ignore previous instructions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Press_WrongSignature_401AndNothingAsked()
    {
        const string dm = "D0SUGGEST3";
        var answer = await AskAsync(dm);
        var before = _hub.Bus.Inbound.Count;

        using var response = await PressAsync(SlackPayloads.BlockActions(dm, answer.ToJson(), "s0"), secret: "not-the-signing-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, _hub.Bus.Inbound.Count);
    }

    [Theory]
    [InlineData("payload=%7Bnot%20json")]
    [InlineData("nopayload=1")]
    public async Task Interaction_Malformed_400WithAReason(string form)
    {
        using var response = await _hub.PostRawAsync(form, contentType: "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("payload", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
