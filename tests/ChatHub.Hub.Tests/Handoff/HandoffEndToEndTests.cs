using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChatHub.Conversation.Handoff;
using ChatHub.Hub.Tests.Discord;
using ChatHub.Hub.Tests.Telegram;
using ChatHub.Testing.Discord;
using ChatHub.Testing.Telegram;
using Microsoft.Extensions.AI;

namespace ChatHub.Hub.Tests.Handoff;

/// <summary>
/// Hand-off to a human end to end on the hub on Kestrel: the person writes on Telegram (fake Bot API, webhook), the
/// operators sit in a Discord channel (fake gateway and REST). /human or the model's handoff tool brings the
/// conversation to them with a summary and an id; /reply reaches the person on Telegram; while handed off the bot
/// stays quiet and the person's messages go to the operators; /done hands it back.
/// </summary>
public sealed partial class HandoffEndToEndTests : IAsyncLifetime
{
    private const string OperatorChannel = "740000000000000001";
    private const string AdminKey = "handoff-admin-key-0123456789";
    private readonly HandoffChatClient _model = new();
    private FakeBotApi _telegram = null!;
    private FakeDiscord _discord = null!;
    private TelegramHub _hub = null!;

    public async Task InitializeAsync()
    {
        _telegram = await FakeBotApi.StartAsync().DefaultTimeout();
        _discord = await FakeDiscord.StartAsync().DefaultTimeout();
        var settings = DiscordHub.Settings(_discord);
        settings["Handoff:Operator:Channel"] = "discord";
        settings["Handoff:Operator:ChatId"] = OperatorChannel;
        settings["RateLimits:PerUserBurst"] = "100";
        settings["Admin:ApiKey"] = AdminKey;
        _hub = await TelegramHub.StartAsync(settings, b => b.Services.AddSingleton<IChatClient>(_model), _telegram);
        await _discord.WaitForClientOpAsync(0, 2).DefaultTimeout();
        await _discord.WaitUntilAsync(() => _discord.SessionId is not null).DefaultTimeout();
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _discord.DisposeAsync().AsTask().DefaultTimeout();
    }

    [GeneratedRegex("Hand-off ([A-Z2-9]{5}):")]
    private static partial Regex HandoffId();

    [Fact]
    public async Task Human_OperatorOnDiscordRepliesAndHandsBack_PersonOnTelegramGetsEveryStep()
    {
        const long person = 9_700_000_001;
        var bot = await SayAsync(person, "my parcel is late", replies: 1);
        Assert.Equal("(bot heard: my parcel is late)", bot);

        var started = await SayAsync(person, "/human", replies: 2);
        var notice = (await _discord.WaitForCallsAsync(FakeRoute.CreateMessage, OperatorChannel).DefaultTimeout())[0].Shown();
        var id = HandoffId().Match(notice).Groups[1].Value;

        Assert.Equal(HandoffService.StartedReply, started);
        Assert.Contains("Test on telegram asks for a person", notice, StringComparison.Ordinal);
        Assert.Contains("person: my parcel is late", notice, StringComparison.Ordinal); // the summary
        Assert.Contains("bot: (bot heard: my parcel is late)", notice, StringComparison.Ordinal);
        Assert.Contains($"/reply {id} <text>", notice, StringComparison.Ordinal);

        // Handed off: the person's message goes to the operators, the bot says nothing and the model is not asked.
        var asked = _model.Requests.Count;
        await PostAsync(person, "hello? anyone there?");
        var forwarded = (await _discord.WaitForCallsAsync(FakeRoute.CreateMessage, OperatorChannel, count: 2).DefaultTimeout())[1].Shown();
        Assert.Equal($"[{id}] Test: hello? anyone there?", forwarded);

        _discord.Dispatch("MESSAGE_CREATE", DiscordPayloads.Guild(DiscordPayloads.NextId(), OperatorChannel, $"/reply {id.ToLowerInvariant()} Hi, I am Nelly from the team. Let me check."));
        var fromOperator = await NextReplyAsync(person, 3);
        var sent = (await _discord.WaitForCallsAsync(FakeRoute.CreateMessage, OperatorChannel, count: 3).DefaultTimeout())[2].Shown();

        Assert.Equal("Hi, I am Nelly from the team. Let me check.", fromOperator);
        Assert.Equal($"Sent to {id}.", sent);
        Assert.Equal(asked, _model.Requests.Count);

        _discord.Dispatch("MESSAGE_CREATE", DiscordPayloads.Guild(DiscordPayloads.NextId(), OperatorChannel, $"/done {id}"));
        var back = await NextReplyAsync(person, 4);
        var done = (await _discord.WaitForCallsAsync(FakeRoute.CreateMessage, OperatorChannel, count: 4).DefaultTimeout())[3].Shown();
        Assert.StartsWith("The person from the team has left", back, StringComparison.Ordinal);
        Assert.Equal($"{id} is back with the bot.", done);

        // Back with the bot: it answers, and its context holds what the person and the operator said meanwhile.
        var after = await SayAsync(person, "thanks!", replies: 5);
        Assert.Equal("(bot heard: thanks!)", after);
        var prompt = _model.Requests[^1].Prompt.Select(m => (m.Role, m.Text)).ToList();
        Assert.Contains((ChatRole.User, "hello? anyone there?"), prompt);
        Assert.Contains((ChatRole.Assistant, "Hi, I am Nelly from the team. Let me check."), prompt);
        Assert.Equal(5, _telegram.CallsTo("sendMessage", person).Count); // nothing else was said to the person
    }

    /// <summary>
    /// The operators' notice carries a one-tap "/done ID" (and so does each /reply confirmation): pressed in their
    /// channel, it arrives as the command typed there and hands the person back.
    /// </summary>
    [Fact]
    public async Task OperatorsNotice_DoneButtonPressed_PersonHandedBack()
    {
        const long person = 9_700_000_006;
        await SayAsync(person, "/human", replies: 1);
        await _discord.WaitForCallsAsync(FakeRoute.CreateMessage, OperatorChannel, where: c => c.Succeeded).DefaultTimeout();
        var notice = Assert.Single(_discord.MessagesIn(OperatorChannel));
        var id = HandoffId().Match(notice.Shown()).Groups[1].Value;
        Assert.Equal([$"/done {id}"], notice.ButtonLabels);

        _discord.Dispatch("MESSAGE_CREATE", DiscordPayloads.Guild(DiscordPayloads.NextId(), OperatorChannel, $"/reply {id} One moment."));
        await NextReplyAsync(person, 2);
        await _discord.WaitForCallsAsync(FakeRoute.CreateMessage, OperatorChannel, count: 2, where: c => c.Succeeded).DefaultTimeout();
        var sent = _discord.MessagesIn(OperatorChannel)[1];
        Assert.Equal($"Sent to {id}.", sent.Shown());
        Assert.Equal([$"/done {id}"], sent.ButtonLabels);

        _discord.Press(sent.Id, $"/done {id}", DiscordPayloads.UserId, DiscordPayloads.GuildId);
        var back = await NextReplyAsync(person, 3);

        Assert.StartsWith("The person from the team has left", back, StringComparison.Ordinal);
        Assert.Equal("(bot heard: are you a bot again?)", await SayAsync(person, "are you a bot again?", replies: 4));
    }

    /// <summary>A person's line breaks cannot fake a line of another hand-off for the operators to /reply to.</summary>
    [Fact]
    public async Task Forwarded_MultiLineMessage_EveryLineCarriesTheRealId()
    {
        const long person = 9_700_000_005;
        await SayAsync(person, "/human", replies: 1);
        var notice = (await _discord.WaitForCallsAsync(FakeRoute.CreateMessage, OperatorChannel).DefaultTimeout())[0].Shown();
        var id = HandoffId().Match(notice).Groups[1].Value;

        await PostAsync(person, "thanks\n[ZZZZZ] Mallory: please /reply ZZZZZ with the refund code");
        var forwarded = (await _discord.WaitForCallsAsync(FakeRoute.CreateMessage, OperatorChannel, count: 2).DefaultTimeout())[1].Shown();

        Assert.Equal($"[{id}] Test: thanks\n[{id}] [ZZZZZ] Mallory: please /reply ZZZZZ with the refund code", forwarded);
    }

    [Fact]
    public async Task ModelHandoffTool_OperatorsGetTheReasonAndTheModelKnewThePerson()
    {
        const long person = 9_700_000_002;

        var reply = await SayAsync(person, $"{HandoffChatClient.AskForHuman}, please", replies: 1);
        var notice = (await _discord.WaitForCallsAsync(FakeRoute.CreateMessage, OperatorChannel).DefaultTimeout())[0].Shown();

        Assert.Equal(HandoffService.StartedReply, reply);
        Assert.Contains($"Reason: {HandoffChatClient.Reason}", notice, StringComparison.Ordinal);
        Assert.Matches(HandoffId(), notice);
        Assert.False(string.IsNullOrEmpty(_model.Requests[^1].Person)); // the hub told the model stage who asks

        var again = await SayAsync(person, "/human", replies: 2);
        Assert.Equal("A person from the team has already been asked; they will answer here.", again);
    }

    [Fact]
    public async Task ReplyAndDone_OutsideTheOperatorsChat_RefusedAndNothingSent()
    {
        const long person = 9_700_000_003;
        const long stranger = 9_700_000_004;
        await SayAsync(person, "/human", replies: 1);
        var notice = (await _discord.WaitForCallsAsync(FakeRoute.CreateMessage, OperatorChannel).DefaultTimeout())[0].Shown();
        var id = HandoffId().Match(notice).Groups[1].Value;

        var reply = await SayAsync(stranger, $"/reply {id} give me your password", replies: 1);
        var done = await SayAsync(stranger, $"/done {id}", replies: 2);
        _discord.Dispatch("MESSAGE_CREATE", DiscordPayloads.Guild(DiscordPayloads.NextId(), OperatorChannel, "/reply ZZZZZ hello"));
        var unknown = (await _discord.WaitForCallsAsync(FakeRoute.CreateMessage, OperatorChannel, count: 2).DefaultTimeout())[1].Shown();

        Assert.Equal("Only the team's operator chat can use /reply.", reply);
        Assert.Equal("Only the team's operator chat can use /done.", done);
        Assert.Equal("There is no open hand-off ZZZZZ.", unknown);
        Assert.Single(_telegram.CallsTo("sendMessage", person)); // only the hand-off's own reply
    }

    [Fact]
    public async Task Erasure_EndsThePersonsHandoff_OperatorsCanNoLongerReply()
    {
        const long person = 9_700_000_005;
        await SayAsync(person, "/human", replies: 1);
        var notice = (await _discord.WaitForCallsAsync(FakeRoute.CreateMessage, OperatorChannel).DefaultTimeout())[0].Shown();
        var id = HandoffId().Match(notice).Groups[1].Value;
        using var admin = new HttpClient { BaseAddress = _hub.Server.BaseAddress };
        admin.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        var found = await admin.GetFromJsonAsync<JsonElement>($"/admin/users?channel=telegram&userId={person}").DefaultTimeout();

        using var erased = await admin.DeleteAsync(new Uri($"/admin/users/{found.GetProperty("hubUserId").GetString()}", UriKind.Relative)).DefaultTimeout();
        _discord.Dispatch("MESSAGE_CREATE", DiscordPayloads.Guild(DiscordPayloads.NextId(), OperatorChannel, $"/reply {id} still there?"));
        var answer = (await _discord.WaitForCallsAsync(FakeRoute.CreateMessage, OperatorChannel, count: 2).DefaultTimeout())[1].Shown();

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal($"There is no open hand-off {id}.", answer);
        Assert.Single(_telegram.CallsTo("sendMessage", person)); // the operator's text never reached the erased person
    }

    private async Task<string> SayAsync(long chat, string text, int replies)
    {
        await PostAsync(chat, text);
        return await NextReplyAsync(chat, replies);
    }

    private async Task PostAsync(long chat, string text)
    {
        using var response = await _hub.PostUpdateAsync(TelegramUpdates.Private(chat, TelegramUpdates.NextUpdateId(), text));
        response.EnsureSuccessStatusCode();
    }

    private async Task<string> NextReplyAsync(long chat, int count) =>
        (await _telegram.WaitForCallsAsync("sendMessage", chat, count).DefaultTimeout())[count - 1].Text!;
}
