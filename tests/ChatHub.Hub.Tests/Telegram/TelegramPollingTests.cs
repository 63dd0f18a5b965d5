using System.Net;
using ChatHub.Adapters.Telegram.Ingress;
using ChatHub.Testing.Telegram;

namespace ChatHub.Hub.Tests.Telegram;

/// <summary>Long polling end to end: the same path as the webhook, offsets confirmed after publishing, resume, 409.</summary>
public sealed class TelegramPollingTests
{
    private static Dictionary<string, string?> Polling(string errorDelay = "00:00:05") => new()
    {
        ["Channels:Telegram:Mode"] = "polling",
        ["Channels:Telegram:WebhookSecret"] = null,
        ["Channels:Telegram:PollingTimeout"] = "00:00:10",
        ["Channels:Telegram:PollingErrorDelay"] = errorDelay,
    };

    private static long? Offset(BotApiCall call) => call.Body["offset"]?.GetValue<long>();

    [Fact]
    public async Task Polling_Updates_AnsweredAndConfirmedAfterPublishing()
    {
        const long chat = 9400000001;
        await using var hub = await TelegramHub.StartAsync(Polling());

        hub.Fake.EnqueueUpdate(TelegramUpdates.Private(chat, 1, "What is ChatHub?", updateId: 500));
        hub.Fake.EnqueueUpdate(TelegramUpdates.Private(chat, 2, "/help", updateId: 501));
        var replies = await hub.Fake.WaitForCallsAsync("sendMessage", chat, count: 2).DefaultTimeout();
        await hub.Fake.WaitForCallsAsync("getUpdates", where: c => Offset(c) == 502).DefaultTimeout();
        var webhook = await hub.PostUpdateAsync(TelegramUpdates.Private(chat, 3, "/help"));
        var ready = await hub.Http.GetStringAsync(new Uri("/readyz", UriKind.Relative)).DefaultTimeout();

        Assert.Equal([1L, 2L], replies.Select(r => r.ReplyToMessageId!.Value));
        Assert.Equal(2, hub.Bus.Inbound.Count);
        Assert.Equal(HttpStatusCode.NotFound, webhook.StatusCode); // no webhook endpoint in polling mode
        Assert.Contains("polling", ready, StringComparison.Ordinal);
        Assert.Null(Offset(hub.Fake.CallsTo("getUpdates")[0])); // nothing stored: Telegram's own confirmation applies
    }

    [Fact]
    public async Task Polling_Restart_ResumesFromTheStoredOffsetAndAnswersNothingTwice()
    {
        const long chat = 9400000002;
        var store = new InMemoryTelegramOffsetStore();
        var fake = await FakeBotApi.StartAsync().DefaultTimeout();
        void UseStore(WebApplicationBuilder builder) => builder.Services.AddSingleton<ITelegramOffsetStore>(store);

        var first = await TelegramHub.StartAsync(Polling(), UseStore, fake);
        fake.EnqueueUpdate(TelegramUpdates.Private(chat, 1, "/help", updateId: 600));
        await fake.WaitForCallsAsync("sendMessage", chat).DefaultTimeout();
        await first.Server.DisposeAsync(); // the hub stops; the fake stays
        var pollsBefore = fake.CallsTo("getUpdates").Count;

        await using var second = await TelegramHub.StartAsync(Polling(), UseStore, fake);
        fake.EnqueueUpdate(TelegramUpdates.Private(chat, 2, "/help", updateId: 601));
        await fake.WaitForCallsAsync("sendMessage", chat, count: 2).DefaultTimeout();

        Assert.Equal(601, Offset(fake.CallsTo("getUpdates")[pollsBefore]));
        Assert.Equal([1L, 2L], fake.CallsTo("sendMessage", chat).Select(c => c.ReplyToMessageId!.Value));
    }

    [Fact]
    public async Task Polling_Conflict409_BackedOffNotHotLoopedThenRecovers()
    {
        const long chat = 9400000003;
        var fake = await FakeBotApi.StartAsync().DefaultTimeout();
        fake.FailNext("getUpdates", 409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running", times: 2);

        await using var hub = await TelegramHub.StartAsync(Polling(errorDelay: "00:00:00.200"), fake: fake);
        fake.EnqueueUpdate(TelegramUpdates.Private(chat, 1, "/help", updateId: 700));
        await fake.WaitForCallsAsync("sendMessage", chat).DefaultTimeout();

        var polls = fake.CallsTo("getUpdates");
        Assert.Equal([409, 409, 200], polls.Take(3).Select(c => c.Status));
        Assert.True(polls[1].At - polls[0].At >= TimeSpan.FromMilliseconds(100), "no backoff after the first 409");
        Assert.True(polls[2].At - polls[1].At >= TimeSpan.FromMilliseconds(200), "no growing backoff after the second 409");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Polling_AnUndecodableUpdateInTheBatch_SkippedAndConfirmedTheOthersAnswered(bool undecodableLast)
    {
        const long chat = 9400000004;
        var fake = await FakeBotApi.StartAsync().DefaultTimeout();
        fake.EnqueueUpdate(TelegramUpdates.Private(chat, 1, "/help", updateId: 800));
        fake.EnqueueUpdate(undecodableLast ? TelegramUpdates.Private(chat, 2, "/help", updateId: 801) : "{\"update_id\": 801, \"message\": \"not an object\"}");
        fake.EnqueueUpdate(undecodableLast ? "{\"update_id\": 802, \"message\": [1, 2]}" : TelegramUpdates.Private(chat, 3, "/help", updateId: 802));

        await using var hub = await TelegramHub.StartAsync(Polling(), fake: fake);
        var replies = await fake.WaitForCallsAsync("sendMessage", chat, count: 2).DefaultTimeout();
        await fake.WaitForCallsAsync("getUpdates", where: c => Offset(c) == 803).DefaultTimeout();

        Assert.Equal(undecodableLast ? [1L, 2L] : [1L, 3L], replies.Select(r => r.ReplyToMessageId!.Value));
        Assert.DoesNotContain(fake.CallsTo("getUpdates"), c => c.Status != 200);
    }
}
