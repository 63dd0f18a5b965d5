using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChatHub.Adapters.BotFramework;
using ChatHub.Adapters.WebChat;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.WebChat;
using ChatHub.Hub.Tests.Discord;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Hub.Tests.Telegram;
using ChatHub.Testing.BotFramework;
using ChatHub.Testing.Discord;
using ChatHub.Testing.Telegram;

namespace ChatHub.Hub.Tests.Broadcasts;

/// <summary>
/// The issue's "show it": one broadcast to 10,000 people, 2,500 on each of Telegram, Discord, Teams (the loopback fakes)
/// and web chat, on the durable default (SQLite), with the hub stopped mid-way and a new one started on the same file.
/// Counted at the fakes (web chat: the transcripts): everyone got it exactly once (a call under way when the first hub's
/// drain ended finishes and is recorded, so the second never repeats it), and no window of Telegram's, Discord's or Teams'
/// calls holds more than their budgets allow. The new hub reaches the Teams recipients through the
/// service URLs stored in the SQLite file by the first (nothing tells it them again). The budgets are raised from the
/// production defaults (30, 50 and 30 a second) to <see cref="TelegramPerSecond"/>, <see cref="DiscordPerSecond"/> and
/// <see cref="TeamsPerSecond"/> (the tenant's; here the fake connector's service URL) so the test takes seconds, not
/// minutes, on a 2-core machine; web chat has none.
/// </summary>
public sealed class BroadcastAtScaleTests : IDisposable
{
    private const string Key = "test-admin-key-0123456789abcdef";
    private const string Text = "ChatHub will be down for maintenance tonight, 22:00-22:30 UTC.";
    private const int PerPlatform = 2_500;
    private const int MaxInFlight = 400;
    private const int TelegramPerSecond = 100;
    private const int DiscordPerSecond = 100;
    private const int TeamsPerSecond = 100;
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(4);
    private readonly string _storage = Directory.CreateTempSubdirectory("chathub-broadcast-").FullName;

    public void Dispose() => Directory.Delete(_storage, recursive: true);

    [Fact]
    public async Task TenThousandPeople_FourPlatforms_BudgetsHeld_ARestartMidway_NobodyTwice()
    {
        await using var telegram = await FakeBotApi.StartAsync().DefaultTimeout();
        await using var discord = await FakeDiscord.StartAsync().DefaultTimeout();
        await using var issuer = await FakeTokenIssuer.StartAsync().DefaultTimeout();
        await using var teams = await FakeConnector.StartAsync().DefaultTimeout();
        var settings = Settings(telegram, discord, issuer, teams);
        var runs = new BroadcastRuns();

        string id;
        List<string> people;
        DateTimeOffset stoppedAt;
        await using (var before = await HubServer.StartAsync(settings, runs.Install).DefaultTimeout())
        {
            people = await SeedAsync(before, teams).WaitAsync(Long);
            using var created = await PostAsync(before, people);
            Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
            id = (await created.Content.ReadFromJsonAsync<JsonElement>().DefaultTimeout()).GetProperty("id").GetString()!;
            await telegram.WaitForCallsAsync("sendMessage", null, PerPlatform / 5, c => c.Text == Text).WaitAsync(Long); // mid-way

            // Telegram stops answering as the hub stops: the calls it holds are cut when the bounded drain and a call's grace
            // end (they never post), so the new hub finds them queued, and in the inbox, and must send each once.
            telegram.Pause();
        }

        stoppedAt = DateTimeOffset.UtcNow;
        telegram.Resume();
        var midway = telegram.CallsTo("sendMessage").Count(c => c.Text == Text);
        // The new process learns nothing from Teams: it finds each conversation's service URL where the first stored
        // it, in the SQLite file.
        await using var after = await HubServer.StartAsync(settings, runs.Install).DefaultTimeout();
        using var repeated = await PostAsync(after, people); // a client's retry with the same Idempotency-Key: the same broadcast
        await runs.FinishedAsync(id).WaitAsync(Long);
        var progress = await ProgressAsync(after, id);

        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(id, (await repeated.Content.ReadFromJsonAsync<JsonElement>().DefaultTimeout()).GetProperty("id").GetString());
        Assert.InRange(midway, PerPlatform / 5, PerPlatform - 1);
        Assert.Equal("completed", progress.GetProperty("status").GetString());
        Assert.Empty(progress.GetProperty("failures").EnumerateArray().Select(f => $"{f.GetProperty("channel")}: {f.GetProperty("reason")}").Distinct());
        var counts = progress.GetProperty("counts");
        Assert.Equal((4 * PerPlatform, 4 * PerPlatform, 0, 0, 0), (
            counts.GetProperty("total").GetInt32(), counts.GetProperty("sent").GetInt32(), counts.GetProperty("failed").GetInt32(),
            counts.GetProperty("queued").GetInt32(), counts.GetProperty("pending").GetInt32()));

        var toTelegram = telegram.CallsTo("sendMessage").Where(c => c.Text == Text).ToList();
        var toDiscord = discord.CallsTo(FakeRoute.CreateMessage).Where(c => c.Content == Text).ToList();
        var toTeams = teams.Calls.Where(c => c.IsMessage && c.Text == Text).ToList();
        // Telegram and Teams take no idempotency key: a delivery the first hub posted but did not record would be posted
        // again by the second. The drain's deadline (Bus:InProcess:DrainTimeout) ends the waits, not a call under way,
        // and what a platform accepted is recorded after it, so each person is reached once.
        AssertOncePerRecipient(toTelegram.Select(c => c.ChatId!.Value.ToString(CultureInfo.InvariantCulture)));
        // Discord: what a person sees is the messages made, not the calls. A create that was under way when the first
        // hub stopped (posted, its answer never recorded) is made again by the second with the same nonce and
        // enforce_nonce, and Discord answers with the message it made (so does the fake): a second call, not a second
        // message. A different nonce would show here as a second message.
        AssertOncePerRecipient(toDiscord.Select(c => c.ChannelId!).Distinct()
            .SelectMany(channel => discord.MessagesIn(channel).Where(m => m.Content == Text).Select(_ => channel)));
        AssertOncePerRecipient(toTeams.Select(c => c.ConversationId));
        var transcripts = after.Services.GetRequiredService<IWebChatTranscript>();
        for (var i = 0; i < PerPlatform; i++)
        {
            Assert.Single(await transcripts.GetAfterAsync(WebChatId(i), 0, CancellationToken.None).DefaultTimeout(), r => r.Text == Text);
        }

        // Budgets, counted at the fakes per hub process (each process has its own budget): Telegram's and Teams' token
        // buckets allow at most burst + rate × T calls in any T, Discord's fixed one-second windows at most rate × (⌈T⌉ + 1). Calls may
        // reach the fake up to a second later than the hub let them go (a loaded 2-core machine), so a 2 s window at the
        // fake holds at most what 3 s allow: 4 × rate for both. Without the budgets the hub sends Telegram ~560 in 2 s.
        foreach (var (times, perSecond) in new[]
            { (toTelegram.Select(c => c.At), TelegramPerSecond), (toDiscord.Select(c => c.At), DiscordPerSecond), (toTeams.Select(c => c.At), TeamsPerSecond) })
        {
            var split = times.ToLookup(t => t < stoppedAt);
            foreach (var part in split)
            {
                Assert.InRange(MaxInWindow(part, TimeSpan.FromSeconds(2)), 1, 4 * perSecond);
            }
        }
    }

    private Dictionary<string, string?> Settings(FakeBotApi telegram, FakeDiscord discord, FakeTokenIssuer issuer, FakeConnector teams)
    {
        var settings = TelegramHub.Settings(telegram);
        foreach (var (key, value) in DiscordHub.Settings(discord).Concat(issuer.Settings()))
        {
            settings[key] = value;
        }

        settings["Channels:Teams:AllowedServiceUrls:0"] = teams.ServiceUrl;
        settings["Storage:Provider"] = "sqlite";
        settings["Storage:Path"] = _storage;
        settings["Admin:ApiKey"] = Key;
        settings["Channels:Telegram:GlobalPerSecond"] = TelegramPerSecond.ToString(CultureInfo.InvariantCulture);
        settings["Channels:Discord:GlobalRequestsPerSecond"] = DiscordPerSecond.ToString(CultureInfo.InvariantCulture);
        settings["Channels:Teams:BudgetPerTenantPerSecond"] = TeamsPerSecond.ToString(CultureInfo.InvariantCulture);
        settings["Broadcasts:MessagesPerSecond"] = "2000";
        settings["Broadcasts:MaxInFlight"] = MaxInFlight.ToString(CultureInfo.InvariantCulture);
        settings["Broadcasts:BatchSize"] = "1000";
        settings["Broadcasts:PollInterval"] = "00:00:00.050";
        settings["Broadcasts:LeaseDuration"] = "00:00:05";
        settings["Bus:InProcess:DrainTimeout"] = "00:00:01";
        return settings;
    }

    private static string TelegramChat(int i) => (9_240_000_000L + i).ToString(CultureInfo.InvariantCulture);

    private static string DiscordChannel(int i) => (1_300_000_000_000_000_000L + i).ToString(CultureInfo.InvariantCulture);

    private static string TeamsConversation(int i) => $"a:broadcast-{i}";

    private static string WebChatId(int i) => $"c_broadcast{i:D5}";

    /// <summary>
    /// Makes 10,000 people known to the hub as its adapters would: an identity and a route each, in the hub's own stores,
    /// and for Teams the conversation's service URL, stored as the adapter stores it from an activity (in the SQLite file).
    /// </summary>
    private static async Task<List<string>> SeedAsync(HubServer hub, FakeConnector teams)
    {
        var identities = hub.Services.GetRequiredService<IIdentityMap>();
        var routes = hub.Services.GetRequiredService<IRoutingTable>();
        var webChat = hub.Services.GetRequiredService<WebChatIngress>();
        var conversations = hub.Services.GetRequiredService<BotFrameworkConversations>();
        var people = new (PlatformIdentity Identity, ConversationRef Conversation)[4 * PerPlatform];
        for (var i = 0; i < PerPlatform; i++)
        {
            people[4 * i] = (new PlatformIdentity(ChannelNames.Telegram, TelegramChat(i)),
                new ConversationRef(ChannelNames.Telegram, FakeBotApi.BotId.ToString(CultureInfo.InvariantCulture), TelegramChat(i)));
            people[(4 * i) + 1] = (new PlatformIdentity(ChannelNames.Discord, $"77{i:D8}"), new ConversationRef(ChannelNames.Discord, FakeDiscord.BotUserId, DiscordChannel(i)));
            people[(4 * i) + 2] = (new PlatformIdentity(ChannelNames.Teams, $"29:user-{i}"), new ConversationRef(ChannelNames.Teams, FakeTokenIssuer.AppId, TeamsConversation(i)));
            people[(4 * i) + 3] = (new PlatformIdentity(ChannelNames.WebChat, WebChatId(i)), webChat.ConversationFor(WebChatId(i)));
        }

        var hubUsers = new string[people.Length];
        var now = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(Enumerable.Range(0, people.Length), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            hubUsers[i] = await identities.ResolveAsync(people[i].Identity, ct);
            await routes.RecordAsync(hubUsers[i], people[i].Conversation, now, ct);
            if (people[i].Conversation.Channel == ChannelNames.Teams)
            {
                await conversations.RecordAsync(people[i].Conversation, teams.ServiceUrl, "personal", ct);
            }
        });
        return [.. hubUsers];
    }

    private static async Task<HttpResponseMessage> PostAsync(HubServer hub, IReadOnlyList<string> people)
    {
        using var http = new HttpClient { BaseAddress = hub.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/broadcasts")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { text = Text, audience = new { people } }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", Key);
        request.Headers.Add("Idempotency-Key", "maintenance-2026-12-07");
        return await http.SendAsync(request).DefaultTimeout();
    }

    private static async Task<JsonElement> ProgressAsync(HubServer hub, string id)
    {
        using var http = new HttpClient { BaseAddress = hub.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/admin/broadcasts/{id}");
        request.Headers.Add("X-Api-Key", Key);
        using var response = await http.SendAsync(request).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>().DefaultTimeout();
    }

    private static void AssertOncePerRecipient(IEnumerable<string> recipients)
    {
        var perRecipient = recipients.CountBy(r => r).ToList();
        Assert.Equal(PerPlatform, perRecipient.Count);
        Assert.All(perRecipient, r => Assert.Equal(1, r.Value));
    }

    /// <summary>The most calls that fall in any window of length <paramref name="window"/>.</summary>
    private static int MaxInWindow(IEnumerable<DateTimeOffset> times, TimeSpan window)
    {
        var sorted = times.Order().ToArray();
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
}
