using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChatHub.Conversation.Broadcasts;
using ChatHub.Hub.Tests.Telegram;
using ChatHub.Testing.SignalR;
using ChatHub.Testing.Telegram;

namespace ChatHub.Hub.Tests.Broadcasts;

/// <summary>
/// <c>/admin/broadcasts</c> on the real composition (Kestrel, the Telegram adapter against the loopback Bot API, web chat
/// over SignalR): bad input, idempotency by key, cancellation, <c>/stop</c> honoured on a linked platform and
/// <c>/start</c> opting back in, erasure.
/// </summary>
public sealed partial class BroadcastApiTests : IAsyncLifetime
{
    private const string Key = "test-admin-key-0123456789abcdef";
    private readonly BroadcastRuns _runs = new();
    private TelegramHub _hub = null!;
    private long _nextMessageId = 1;

    public async Task InitializeAsync() =>
        _hub = await TelegramHub.StartAsync(
            new Dictionary<string, string?>
            {
                ["Admin:ApiKey"] = Key,
                ["RateLimits:PerUserBurst"] = "100",
                ["Broadcasts:PollInterval"] = "00:00:00.050",
                ["Broadcasts:MessagesPerSecond"] = "5", // slow enough that a cancel lands mid-way
                ["Broadcasts:LeaseDuration"] = "00:00:05",
                ["Broadcasts:Templates:maintenance"] = "Maintenance tonight from 22:00 UTC.",
            },
            _runs.Install);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private FakeBotApi Fake => _hub.Fake;

    [GeneratedRegex("[A-Z2-9]{4}-[A-Z2-9]{4}")]
    private static partial Regex CodePattern();

    [Theory]
    [InlineData("{}", "either 'text' or 'template'")]
    [InlineData("""{"text":"hi"}""", "exactly one of 'people'")]
    [InlineData("""{"text":"hi","template":"maintenance","audience":{"optedIn":true}}""", "either 'text' or 'template'")]
    [InlineData("""{"template":"nope","audience":{"optedIn":true}}""", "No template 'nope'")]
    [InlineData("""{"text":"   ","audience":{"optedIn":true}}""", "must not be empty")]
    [InlineData("""{"text":"hi","audience":{"people":[]}}""", "'audience.people' must list")]
    [InlineData("""{"text":"hi","audience":{"people":[""]}}""", "'audience.people' must list")]
    [InlineData("""{"text":"hi","audience":{"channels":["sms"]}}""", "no sender serves")]
    [InlineData("""{"text":"hi","audience":{"optedIn":true,"channels":["telegram"]}}""", "exactly one of")]
    [InlineData("""{"text":"hi","audience":{"optedIn":true},"cron":"61 * * * *"}""", "not a 5-field cron")]
    [InlineData("""{"text":"hi","audience":{"optedIn":true},"cron":"* * * * * *"}""", "not a 5-field cron")]
    [InlineData("""{"text":"hi","audience":{"optedIn":true},"cron":"0 9 * * *","sendAt":"2030-01-01T00:00:00Z"}""", "not both")]
    [InlineData("not json", null)]
    [InlineData("""{"text":1,"audience":{"optedIn":true}}""", null)]
    [InlineData("""{"text":"hi","audience":{"people":"u_1"}}""", null)]
    public async Task Create_BadInput_400WithAReason(string body, string? reason)
    {
        using var response = await SendAsync(HttpMethod.Post, "/admin/broadcasts", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        if (reason is not null)
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>().DefaultTimeout();
            Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task BadIdsKeysAndPages_4xx()
    {
        using var tooLongKey = await SendAsync(HttpMethod.Post, "/admin/broadcasts", """{"text":"hi","audience":{"optedIn":true}}""", idempotencyKey: new string('k', 201));
        using var unknown = await SendAsync(HttpMethod.Get, "/admin/broadcasts/bc0000000000000000000000");
        using var malformed = await SendAsync(HttpMethod.Get, "/admin/broadcasts/..%2F..%2Fetc");
        using var badPage = await SendAsync(HttpMethod.Get, "/admin/broadcasts/bc00000000000000000000?limit=0");
        using var cancelUnknown = await SendAsync(HttpMethod.Delete, "/admin/broadcasts/bc00000000000000000000");
        using var noKey = await SendAsync(HttpMethod.Post, "/admin/broadcasts", """{"text":"hi","audience":{"optedIn":true}}""", key: null);

        Assert.Equal(HttpStatusCode.BadRequest, tooLongKey.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, cancelUnknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
    }

    [Fact]
    public async Task Create_SameIdempotencyKeyTwice_OneBroadcastOneMessage()
    {
        var person = await TelegramPersonAsync(9_230_000_001);
        var body = JsonSerializer.Serialize(new { template = "maintenance", audience = new { people = new[] { person } } });

        using var first = await SendAsync(HttpMethod.Post, "/admin/broadcasts", body, idempotencyKey: "maint-2026-12-07");
        var id = (await BodyAsync(first)).GetProperty("id").GetString()!;
        await _runs.FinishedAsync(id).DefaultTimeout();
        using var again = await SendAsync(HttpMethod.Post, "/admin/broadcasts", body, idempotencyKey: "maint-2026-12-07");
        var progress = await ProgressAsync(id);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal($"/admin/broadcasts/{id}", first.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, (await BodyAsync(again)).GetProperty("id").GetString());
        Assert.Equal("completed", progress.GetProperty("status").GetString());
        Assert.Equal(1, progress.GetProperty("counts").GetProperty("sent").GetInt32());
        Assert.Equal("maintenance", progress.GetProperty("template").GetString());
        Assert.Single(Fake.CallsTo("sendMessage", 9_230_000_001), c => c.Text == "Maintenance tonight from 22:00 UTC.");
    }

    [Fact]
    public async Task Cancel_MidRun_WhatWasNotQueuedIsNeverSent()
    {
        var people = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            people.Add(await TelegramPersonAsync(9_230_100_000 + i));
        }

        using var created = await SendAsync(
            HttpMethod.Post, "/admin/broadcasts", JsonSerializer.Serialize(new { text = "Cancel me", audience = new { people } }));
        var id = (await BodyAsync(created)).GetProperty("id").GetString()!;
        await Fake.WaitForCallsAsync("sendMessage", null, 1, c => c.Text == "Cancel me").DefaultTimeout(); // mid-way: 5 a second
        using var cancel = await SendAsync(HttpMethod.Delete, $"/admin/broadcasts/{id}");
        var atCancel = (await ProgressAsync(id)).GetProperty("counts");
        var going = atCancel.GetProperty("queued").GetInt32() + atCancel.GetProperty("sent").GetInt32();
        await _runs.RecordedAsync(id, going).DefaultTimeout(); // egress reported every delivery it had taken
        var after = await ProgressAsync(id);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", (await BodyAsync(cancel)).GetProperty("status").GetString());
        Assert.InRange(going, 1, 29);
        Assert.Equal((0, 30 - going), (atCancel.GetProperty("pending").GetInt32(), atCancel.GetProperty("cancelled").GetInt32()));
        Assert.Equal("cancelled", after.GetProperty("status").GetString());
        Assert.Equal((going, 0, 30 - going), (Count(after, "sent"), Count(after, "queued"), Count(after, "cancelled")));
        Assert.Equal(going, Fake.CallsTo("sendMessage").Count(c => c.Text == "Cancel me"));
    }

    [Fact]
    public async Task Stop_OnWebChat_HonouredOnTheLinkedTelegram_StartOptsBackIn()
    {
        const long linkedChat = 9_230_200_001;
        const long otherChat = 9_230_200_002;
        await using var web = await WebChatUser.JoinAsync(_hub.Server.BaseAddress).DefaultTimeout();
        var code = CodePattern().Match(await web.AskAsync("/link").DefaultTimeout()).Value;
        await PostAsync(linkedChat, $"/link {code}");
        await Fake.WaitForCallsAsync("sendMessage", linkedChat).DefaultTimeout();
        var person = await HubUserAsync(linkedChat);
        var other = await TelegramPersonAsync(otherChat);
        var stopped = await web.AskAsync("/stop").DefaultTimeout();

        var first = await BroadcastAndWaitAsync("""{"text":"To everyone on Telegram","audience":{"channels":["telegram"]}}""");
        await PostAsync(linkedChat, "/start");
        await Fake.WaitForCallsAsync("sendMessage", linkedChat, 2).DefaultTimeout();
        var second = await BroadcastAndWaitAsync("""{"text":"To everyone opted in","audience":{"optedIn":true}}""");

        Assert.Equal(StopCommand.Reply, stopped);
        Assert.Equal((1, 1), (Count(first, "sent"), Count(first, "skipped")));
        Assert.DoesNotContain(Fake.CallsTo("sendMessage", linkedChat), c => c.Text == "To everyone on Telegram");
        Assert.Single(Fake.CallsTo("sendMessage", otherChat), c => c.Text == "To everyone on Telegram");
        Assert.Equal(1, Count(second, "sent")); // only the person who sent /start opted in (the other one never did)
        Assert.Single(Fake.CallsTo("sendMessage", linkedChat), c => c.Text == "To everyone opted in");
        Assert.NotEqual(person, other);
    }

    [Fact]
    public async Task Erase_ForgetsThePersonsBroadcastState()
    {
        const long chat = 9_230_300_001;
        await PostAsync(chat, "/stop");
        await Fake.WaitForCallsAsync("sendMessage", chat).DefaultTimeout();
        var person = await HubUserAsync(chat);
        var store = _hub.Server.Services.GetRequiredService<IBroadcastStore>();
        var before = await store.GetPreferenceAsync(person, CancellationToken.None).DefaultTimeout();

        using var erased = await SendAsync(HttpMethod.Delete, $"/admin/users/{person}");

        Assert.Equal(BroadcastPreference.OptedOut, before);
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal(BroadcastPreference.None, await store.GetPreferenceAsync(person, CancellationToken.None).DefaultTimeout());
    }

    [Fact]
    public async Task Scheduled_WaitsForItsTimeOrCron_AndCancelStopsIt()
    {
        var at = DateTimeOffset.UtcNow.AddHours(1);
        using var later = await SendAsync(
            HttpMethod.Post, "/admin/broadcasts", JsonSerializer.Serialize(new { text = "Later", audience = new { optedIn = true }, sendAt = at }));
        using var weekly = await SendAsync(HttpMethod.Post, "/admin/broadcasts", """{"text":"Weekly","audience":{"optedIn":true},"cron":"0 9 * * 1"}""");
        var laterBody = await BodyAsync(later);
        var laterId = laterBody.GetProperty("id").GetString()!;
        var weeklyBody = await BodyAsync(weekly);
        using var cancel = await SendAsync(HttpMethod.Delete, $"/admin/broadcasts/{laterId}");
        using var cancelAgain = await SendAsync(HttpMethod.Delete, $"/admin/broadcasts/{laterId}");

        Assert.Equal("scheduled", (await ProgressAsync(weeklyBody.GetProperty("id").GetString()!)).GetProperty("status").GetString());
        var next = weeklyBody.GetProperty("nextRunAt").GetDateTimeOffset();
        Assert.Equal((DayOfWeek.Monday, 9, 0, 0), (next.DayOfWeek, next.Hour, next.Minute, next.Second));
        Assert.Equal("cancelled", (await ProgressAsync(laterId)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, cancelAgain.StatusCode);
        Assert.Equal(at, laterBody.GetProperty("nextRunAt").GetDateTimeOffset());
    }

    private static int Count(JsonElement progress, string state) => progress.GetProperty("counts").GetProperty(state).GetInt32();

    private async Task<JsonElement> BroadcastAndWaitAsync(string body)
    {
        using var created = await SendAsync(HttpMethod.Post, "/admin/broadcasts", body);
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var id = (await BodyAsync(created)).GetProperty("id").GetString()!;
        await _runs.FinishedAsync(id).DefaultTimeout();
        return await ProgressAsync(id);
    }

    /// <summary>A Telegram person known to the hub (they sent /start, which also opts them in), by hub user id.</summary>
    private async Task<string> TelegramPersonAsync(long chat)
    {
        await PostAsync(chat, "/help");
        await Fake.WaitForCallsAsync("sendMessage", chat).DefaultTimeout();
        return await HubUserAsync(chat);
    }

    private async Task PostAsync(long chat, string text)
    {
        using var response = await _hub.PostUpdateAsync(TelegramUpdates.Private(chat, Interlocked.Increment(ref _nextMessageId), text)).DefaultTimeout();
        response.EnsureSuccessStatusCode();
    }

    private async Task<string> HubUserAsync(long chat)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/admin/users?channel=telegram&userId={chat.ToString(CultureInfo.InvariantCulture)}");
        return (await BodyAsync(response)).GetProperty("hubUserId").GetString()!;
    }

    private async Task<JsonElement> ProgressAsync(string id)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/admin/broadcasts/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await BodyAsync(response);
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>().DefaultTimeout();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body = null, string? key = Key, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await _hub.Http.SendAsync(request).DefaultTimeout();
    }
}
