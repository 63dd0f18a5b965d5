using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Hub.Tests.Telegram;
using ChatHub.Testing.OpenAi;
using ChatHub.Testing.SignalR;
using ChatHub.Testing.Telegram;

namespace ChatHub.Hub.Tests.Memory;

/// <summary>
/// Issue 22, "isolation proven": many people on the hub on Kestrel (web chat, Telegram private chats, a Telegram group),
/// linked and unlinked, asking at once, each with facts to remember and turns of their own, a session of four turns (older
/// turns go to the summary, which the fake model writes from the words it is given); every request the
/// OpenAI-compatible model fake receives is checked: it carries no other person's memory or turns, and no private memory
/// in a group unless its person allowed it, before and after a link, an unlink and an erasure. Each person's words carry
/// a marker (<c>zq{name}m…</c> in a fact, <c>zq{name}t…</c> in a turn); a request belongs to the person whose marker is in
/// its last user turn. Run on each backend by a derived class.
/// </summary>
public abstract partial class MemoryIsolationSpec : IAsyncLifetime
{
    private const string AdminKey = "test-admin-key-0123456789abcdef";
    private const long Group = -1005000000022;
    private static long _nextMessageId = 1000;

    private readonly TaskCompletionSource _summarised = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _replies = new(StringComparer.Ordinal);
    private FakeOpenAiServer _model = null!;
    private FakeBotApi _telegram = null!;
    private HubServer _hub = null!;
    private HttpClient _http = null!;

    /// <summary>The settings that put the hub on the backend under test.</summary>
    protected abstract Task<Dictionary<string, string?>> StartBackendAsync();

    protected virtual Task StopBackendAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _model = await FakeOpenAiServer.StartAsync().DefaultTimeout();
        _model.Script = Answer;
        _telegram = await FakeBotApi.StartAsync().DefaultTimeout();
        var settings = TelegramHub.Settings(_telegram);
        foreach (var (key, value) in await StartBackendAsync())
        {
            settings[key] = value;
        }

        settings["Inference:OpenAI:Endpoint"] = _model.Endpoint.ToString();
        settings["Inference:OpenAI:Model"] = "fake-model";
        settings["Inference:Knowledge:MinScore"] = "1000"; // every question reaches the model
        settings["Channels:Telegram:GroupMessages"] = "All";
        settings["RateLimits:PerUserBurst"] = "1000";
        settings["RateLimits:PerConversationBurst"] = "1000";
        settings["Admin:ApiKey"] = AdminKey;
        settings["Sessions:MaxTurns"] = "4"; // from a person's third question on, older turns go to the summary
        _hub = await HubServer.StartAsync(settings);
        _http = new HttpClient { BaseAddress = _hub.BaseAddress };
        _http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }

        await _telegram.DisposeAsync();
        await _model.DisposeAsync();
        await StopBackendAsync();
    }

    [GeneratedRegex("[A-Z2-9]{4}-[A-Z2-9]{4}")]
    private static partial Regex CodePattern();

    [GeneratedRegex("zq([a-z]+)t[0-9]+")]
    private static partial Regex TurnMarker();

    [Fact]
    public async Task ManyPeople_LinkUnlinkErasureAndGroups_NoPromptCarriesAnotherPersonsMemoryOrTurns()
    {
        await using var alfa = await WebChatUser.JoinAsync(_hub.BaseAddress);
        await using var bravo = await WebChatUser.JoinAsync(_hub.BaseAddress);
        await using var foxtrot = await WebChatUser.JoinAsync(_hub.BaseAddress);
        await using var golf = await WebChatUser.JoinAsync(_hub.BaseAddress);
        var charlie = new TelegramPerson(this, 7100000003);
        var delta = new TelegramPerson(this, 7100000004);
        var echo = new TelegramPerson(this, 7100000005);
        string[] everyone = ["alfa", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india"];

        // Phase 1: everyone keeps facts (said, by command, through the model's tool) and talks, all at once.
        await Task.WhenAll(
            Chain(async () =>
            {
                Assert.StartsWith("Noted", await Ask(alfa, "Remember that my code word is zqalfam1"), StringComparison.Ordinal);
                await Ask(alfa, "first question zqalfat1");
            }),
            Chain(async () =>
            {
                Assert.StartsWith("Noted", await Ask(bravo, "/remember my code word is zqbravom1"), StringComparison.Ordinal);
                await Ask(bravo, "first question zqbravot1");
            }),
            Chain(async () =>
            {
                Assert.StartsWith("Noted", await charlie.AskPrivateAsync("remember: my code word is zqcharliem1"), StringComparison.Ordinal);
                await charlie.AskPrivateAsync("first question zqcharliet1");
            }),
            Chain(async () =>
            {
                await delta.AskPrivateAsync("remember that my code word is zqdeltam1");
                Assert.StartsWith("Done", await delta.AskPrivateAsync("/memory groups on"), StringComparison.Ordinal);
                await delta.AskPrivateAsync("first question zqdeltat1");
            }),
            Chain(async () =>
            {
                await echo.AskPrivateAsync("remember that my code word is zqechom1");
                await echo.AskPrivateAsync("first question zqechot1");
            }),
            Chain(async () =>
            {
                Assert.StartsWith("Kept.", await Ask(foxtrot, "please note zqfoxtrotm1 for me zqfoxtrott1"), StringComparison.Ordinal); // the model's remember tool
                await Ask(foxtrot, "second question zqfoxtrott2");
            }),
            Chain(async () => await Ask(golf, "only a question zqgolft1"))).DefaultTimeout();

        Assert.Contains("zqfoxtrotm1", await Ask(foxtrot, "/memory"), StringComparison.Ordinal);
        AssertIsolated(Allowed("alfa", "bravo", "charlie", "delta", "echo", "foxtrot", "golf"), everyone);
        AssertCarries("alfa", "zqalfam1");
        AssertCarries("charlie", "zqcharliem1");
        AssertCarries("foxtrot", "zqfoxtrotm1", after: "zqfoxtrott2");

        // Phase 2: the group. Delta allowed their memory there, Echo did not; both ask at once.
        await Task.WhenAll(
            delta.AskInGroupAsync("group question zqdeltat2"),
            echo.AskInGroupAsync("group question zqechot2")).DefaultTimeout();

        AssertCarries("delta", "zqdeltam1", after: "zqdeltat2");
        AssertIsolated(Allowed("alfa", "bravo", "charlie", "delta", "echo", "foxtrot", "golf"), everyone);
        var echoInGroup = PromptsOf("echo").Where(p => p.Contains("zqechot2", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(echoInGroup);
        Assert.All(echoInGroup, p => Assert.DoesNotContain("zqechom", p, StringComparison.Ordinal));

        // Phase 3: Charlie (Telegram) links to Alfa's account (web chat); the others keep asking.
        var code = CodePattern().Match(await Ask(alfa, "/link")).Value;
        Assert.StartsWith("Linked", await charlie.AskPrivateAsync($"/link {code}"), StringComparison.Ordinal);
        await alfa.NextFinalAsync().DefaultTimeout(); // the notice of the link
        await Task.WhenAll(
            Chain(async () => await charlie.AskPrivateAsync("after the link zqcharliet2")),
            Chain(async () => await Ask(alfa, "after the link zqalfat2")),
            Chain(async () => await Ask(bravo, "meanwhile zqbravot2")),
            Chain(async () => await Ask(golf, "meanwhile zqgolft2"))).DefaultTimeout();

        AssertCarries("charlie", "zqalfam1", after: "zqcharliet2"); // one person now: Alfa's fact follows to Telegram
        AssertCarries("alfa", "zqcharliem1", after: "zqalfat2");
        AssertIsolated(Allowed("alfa+charlie", "bravo", "delta", "echo", "foxtrot", "golf"), everyone);

        // Phase 4: Charlie's chat leaves the account again (it is "hotel" from now on: a new person); Echo is erased and
        // writes again from the same Telegram account (as "india": a new person too).
        Assert.StartsWith("Unlinked", await charlie.AskPrivateAsync("/unlink"), StringComparison.Ordinal);
        var echoId = (await _http.GetFromJsonAsync<JsonElement>("/admin/users?channel=telegram&userId=7100000005").DefaultTimeout())
            .GetProperty("hubUserId").GetString();
        using (var erased = await _http.DeleteAsync(new Uri($"/admin/users/{echoId}", UriKind.Relative)).DefaultTimeout())
        {
            erased.EnsureSuccessStatusCode();
        }

        await Task.WhenAll(
            Chain(async () => await charlie.AskPrivateAsync("after the unlink zqhotelt1")),
            Chain(async () => await echo.AskPrivateAsync("after the erasure zqindiat1")),
            Chain(async () => await Ask(alfa, "still linked zqalfat3")),
            Chain(async () => await Ask(bravo, "meanwhile zqbravot3")),
            Chain(async () => await delta.AskInGroupAsync("group again zqdeltat3")),
            Chain(async () =>
            {
                foreach (var n in new[] { 3, 4, 5 })
                {
                    await Ask(golf, $"more questions zqgolft{n}");
                }
            })).DefaultTimeout();
        await _summarised.Task.DefaultTimeout(); // summary requests (their input is the person's turns) are checked too

        AssertCarries("alfa", "zqcharliem1", after: "zqalfat3"); // the account keeps what was said while linked
        AssertCarries("bravo", "zqbravom1", after: "zqbravot3");
        Assert.Contains("I don't remember anything", await echo.AskPrivateAsync("/memory"), StringComparison.Ordinal);
        Assert.Contains("I don't remember anything", await charlie.AskPrivateAsync("/memory"), StringComparison.Ordinal);
        AssertIsolated(Allowed("alfa+charlie", "bravo", "delta", "foxtrot", "golf", "hotel", "india"), everyone);
    }

    /// <summary>Who may see whose words: each group of names (joined by +) is one person.</summary>
    private static Dictionary<string, HashSet<string>> Allowed(params string[] people)
    {
        var allowed = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var person in people)
        {
            var names = person.Split('+').ToHashSet(StringComparer.Ordinal);
            foreach (var name in names)
            {
                allowed[name] = names;
            }
        }

        return allowed;
    }

    /// <summary>
    /// Every request so far (answers and summaries): attributed to the person of its last user turn (the first turn marker in
    /// it), it names nobody outside that person's
    /// allowed set (an erased or unlinked person's old names are outside every set now in use, so they must not come
    /// back).
    /// </summary>
    private void AssertIsolated(Dictionary<string, HashSet<string>> allowed, string[] everyone)
    {
        foreach (var (asker, prompt) in Prompts().Where(p => allowed.ContainsKey(p.Asker)))
        {
            foreach (var other in everyone.Where(name => !allowed[asker].Contains(name)))
            {
                Assert.False(prompt.Contains("zq" + other, StringComparison.Ordinal),
                    $"A prompt for {asker} carries words of {other}:\n{prompt}");
            }
        }

        Assert.DoesNotContain(Prompts(), p => p.Asker.Length == 0); // every request is someone's
    }

    /// <summary>The person's requests (after the one that asked <paramref name="after"/>, when given) carry <paramref name="marker"/>.</summary>
    private void AssertCarries(string asker, string marker, string? after = null)
    {
        var prompts = PromptsOf(asker).Where(p => after is null || p.Contains(after, StringComparison.Ordinal)).ToList();
        // When none is found, say what the model did get for that marker, and from whom (a rare failure seen once in a
        // full run: the requests name who asked, so the next one shows whether it was not sent or attributed elsewhere).
        Assert.True(prompts.Count > 0, $"no request of {asker} carries {after}; requests that do: " +
            string.Join(" | ", Prompts().Where(p => after is not null && p.Text.Contains(after, StringComparison.Ordinal)).Select(p => $"[{p.Asker}] {p.Text}")) +
            $"; {asker}'s requests: {PromptsOf(asker).Count()}, all requests: {Prompts().Count}; the hub's reply to it: " +
            string.Join(" | ", _replies.Where(r => after is not null && r.Key.Contains(after, StringComparison.Ordinal)).Select(r => r.Value)));
        Assert.All(prompts, p => Assert.Contains(marker, p, StringComparison.Ordinal));
    }

    private IEnumerable<string> PromptsOf(string asker) => Prompts().Where(p => p.Asker == asker).Select(p => p.Text);

    private List<(string Asker, string Text)> Prompts() =>
        [.. _model.Bodies.Select(body =>
        {
            var messages = body.GetProperty("messages").EnumerateArray().ToList();
            var lastUser = messages.Last(m => m.GetProperty("role").GetString() == "user").GetProperty("content").GetString() ?? "";
            var text = string.Join("\n", messages.Select(m => m.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null));
            return (TurnMarker().Match(lastUser) is { Success: true } match ? match.Groups[1].Value : "", text);
        })];

    /// <summary>
    /// The model: a summary request gets every zq word of its input back; "please note X for me" calls the remember tool
    /// with X, then says "Kept."; anything else is answered with a line that names nobody.
    /// </summary>
    private FakeOpenAiTurn Answer(JsonElement body)
    {
        var messages = body.GetProperty("messages").EnumerateArray().ToList();
        if (ModelRequests.IsSummaryRequest(ModelRequests.Messages(body)))
        {
            _summarised.TrySetResult();
            return ModelRequests.Summarise(ModelRequests.Messages(body));
        }

        if (messages[^1].GetProperty("role").GetString() == "tool")
        {
            return FakeOpenAiTurn.Reply("Kept.");
        }

        var question = messages[^1].GetProperty("content").GetString() ?? "";
        var note = Regex.Match(question, "please note (\\S+) for me");
        return note.Success
            ? FakeOpenAiTurn.Call("hub_remember", JsonSerializer.Serialize(new { fact = $"my code word is {note.Groups[1].Value}" }))
            : FakeOpenAiTurn.Reply("An answer.");
    }

    private static Task Chain(Func<Task> steps) => steps();

    private async Task<string> Ask(WebChatUser user, string text) => _replies[text] = await user.AskAsync(text).DefaultTimeout();

    /// <summary>A Telegram person: a private chat with the bot (chat id = user id), and a member of the group.</summary>
    private sealed class TelegramPerson(MemoryIsolationSpec spec, long userId)
    {
        public Task<string> AskPrivateAsync(string text) => spec.AskTelegramAsync(TelegramUpdates.Private, userId, userId, text);

        public Task<string> AskInGroupAsync(string text) =>
            spec.AskTelegramAsync((chat, id, t, _) => TelegramUpdates.Group(chat, id, t, fromId: userId), Group, userId, text);
    }

    private async Task<string> AskTelegramAsync(Func<long, long, string, long?, string> update, long chatId, long userId, string text)
    {
        var messageId = Interlocked.Increment(ref _nextMessageId);
        using var response = await TelegramHub.PostUpdateAsync(_http, update(chatId, messageId, text, null)).DefaultTimeout();
        response.EnsureSuccessStatusCode();
        var reply = await _telegram.WaitForCallsAsync("sendMessage", chatId, where: c => c.ReplyToMessageId == messageId && c.Succeeded).DefaultTimeout();
        return _replies[text] = reply[0].Text!;
    }
}
