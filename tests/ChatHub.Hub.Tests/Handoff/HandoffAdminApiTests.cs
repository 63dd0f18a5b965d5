using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatHub.Conversation.Audit;
using ChatHub.Conversation.Handoff;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Hub.Tests.Telegram;
using ChatHub.Testing.Processes;
using ChatHub.Testing.Telegram;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace ChatHub.Hub.Tests.Handoff;

/// <summary>
/// The admin API as the operators' channel (<c>Handoff:Operator:Channel=admin</c>), on two hub nodes sharing a real
/// redis-server: the person writes on Telegram (fake Bot API) to node A, the operators list, answer and hand back
/// through node B's admin API, and the person's next message reaches node B.
/// </summary>
public sealed class HandoffAdminApiTests
{
    private const long Person = 9_720_000_001;
    private const string AdminKey = "handoff-admin-api-key-0123456789";

    [Fact]
    public async Task AdminChannel_ListReplyDoneOnTheOtherNode_PersonOnTelegramGetsEveryStep()
    {
        await using var redis = await RespServerProcess.StartAsync("redis");
        var model = new HandoffChatClient();
        var fake = await FakeBotApi.StartAsync().DefaultTimeout();
        var settings = Settings(fake);
        settings["ConnectionStrings:Redis"] = redis.ConnectionString;
        settings["Redis:KeyPrefix"] = $"handoff-admin-{Guid.NewGuid():N}:";
        await using var a = await TelegramHub.StartAsync(settings, b => b.Services.AddSingleton<IChatClient>(model), fake);
        await using var b = await HubServer.StartAsync(settings, builder => builder.Services.AddSingleton<IChatClient>(model));
        using var toB = new HttpClient { BaseAddress = b.BaseAddress };
        using var admin = Admin(b.BaseAddress);

        await PostAsync(a.Http, Person, 1, "my parcel is late");
        Assert.Equal("(bot heard: my parcel is late)", await NthTextAsync(fake, 1));
        await PostAsync(a.Http, Person, 2, "/human");
        Assert.Equal(HandoffService.StartedReply, await NthTextAsync(fake, 2));

        // Handed off: the person's message is kept for the operators, the bot stays quiet (the /whoami after it is
        // processed after it, in order, so its answer means the message was handled).
        await PostAsync(toB, Person, 3, "still waiting");
        await PostAsync(toB, Person, 4, "/whoami");
        await NthTextAsync(fake, 3);

        var listed = await admin.GetFromJsonAsync<JsonElement>("/admin/handoffs").DefaultTimeout();
        var open = Assert.Single(listed.EnumerateArray());
        var id = open.GetProperty("id").GetString()!;
        var summary = open.GetProperty("summary").GetString()!;
        Assert.Equal("telegram", open.GetProperty("platform").GetString());
        Assert.Contains("Test on telegram asks for a person", summary, StringComparison.Ordinal);
        Assert.Contains("person: my parcel is late", summary, StringComparison.Ordinal);
        Assert.Contains($"POST /admin/handoffs/{id}/replies", summary, StringComparison.Ordinal);
        Assert.True(open.GetProperty("openedAt").GetDateTimeOffset() <= DateTimeOffset.UtcNow);
        Assert.Contains(open.GetProperty("recent").EnumerateArray(), line => Line(line) == ("person", "still waiting"));

        using var replied = await admin.PostAsJsonAsync($"/admin/handoffs/{id.ToLowerInvariant()}/replies", new { text = "Hello, this is the team." }).DefaultTimeout();
        Assert.Equal(HttpStatusCode.Accepted, replied.StatusCode);
        Assert.Equal("Hello, this is the team.", await NthTextAsync(fake, 4));

        var again = await admin.GetFromJsonAsync<JsonElement>("/admin/handoffs").DefaultTimeout();
        Assert.Contains(again[0].GetProperty("recent").EnumerateArray(), line => Line(line) == ("operator", "Hello, this is the team."));

        using var done = await admin.PostAsync(new Uri($"/admin/handoffs/{id}/done", UriKind.Relative), null).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(HandoffService.EndedReply, await NthTextAsync(fake, 5));
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>("/admin/handoffs").DefaultTimeout()).EnumerateArray());

        await PostAsync(toB, Person, 5, "hi again");
        Assert.Equal("(bot heard: hi again)", await NthTextAsync(fake, 6));
        Assert.DoesNotContain(model.Requests, request => request.Prompt[^1].Text == "still waiting");

        // Audited in the person's record like the other admin steps: the key's name, never the text.
        var person = await admin.GetFromJsonAsync<JsonElement>($"/admin/users?channel=telegram&userId={Person}").DefaultTimeout();
        var audit = await admin.GetFromJsonAsync<JsonElement>($"/admin/users/{person.GetProperty("hubUserId").GetString()}/audit").DefaultTimeout();
        var actions = audit.EnumerateArray().Select(e => (e.GetProperty("action").GetString(), e.GetProperty("details").GetString()!)).ToList();
        Assert.Contains(actions, e => e.Item1 == AuditActions.HandoffReply && e.Item2.Contains(id, StringComparison.Ordinal) && e.Item2.Contains("'default'", StringComparison.Ordinal));
        Assert.Contains(actions, e => e.Item1 == AuditActions.HandoffDone);
        Assert.DoesNotContain(actions, e => e.Item2.Contains("Hello, this is the team.", StringComparison.Ordinal));
    }

    /// <summary>
    /// The model hands off while the person's next message already waits in the queue (received before the hand-off
    /// started): it is still the hand-off's, listed for the operators; the bot's own "I have asked" reply is not.
    /// </summary>
    [Fact]
    public async Task AdminChannel_ModelHandoffToolThenBadSteps_StartedReplyAndClearRefusals()
    {
        var model = new GatedChatClient(new HandoffChatClient());
        var fake = await FakeBotApi.StartAsync().DefaultTimeout();
        await using var hub = await TelegramHub.StartAsync(Settings(fake), b => b.Services.AddSingleton<IChatClient>(model), fake);
        using var admin = Admin(hub.Server.BaseAddress);
        using var anonymous = new HttpClient { BaseAddress = hub.Server.BaseAddress };

        await PostAsync(hub.Http, Person, 1, $"{HandoffChatClient.AskForHuman}, please");
        await model.Entered.Task.DefaultTimeout();
        await PostAsync(hub.Http, Person, 2, "it is about order 42");
        model.Release.SetResult();
        Assert.Equal(HandoffService.StartedReply, await NthTextAsync(fake, 1)); // no chat to notify, yet started
        await PostAsync(hub.Http, Person, 3, "/whoami"); // answered after the queued message was handled
        await NthTextAsync(fake, 2);
        var listed = await admin.GetFromJsonAsync<JsonElement>("/admin/handoffs").DefaultTimeout();
        var id = Assert.Single(listed.EnumerateArray()).GetProperty("id").GetString()!;
        Assert.Contains($"Reason: {HandoffChatClient.Reason}", listed[0].GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal([("person", "it is about order 42")], listed[0].GetProperty("recent").EnumerateArray().Select(Line));

        using var empty = await admin.PostAsJsonAsync($"/admin/handoffs/{id}/replies", new { text = "  " }).DefaultTimeout();
        using var unknown = await admin.PostAsJsonAsync("/admin/handoffs/ZZZZZ/replies", new { text = "hello" }).DefaultTimeout();
        using var unknownDone = await admin.PostAsync(new Uri("/admin/handoffs/<script>/done", UriKind.Relative), null).DefaultTimeout();
        using var noKey = await anonymous.GetAsync(new Uri("/admin/handoffs", UriKind.Relative)).DefaultTimeout();
        await PostAsync(hub.Http, Person, 4, "/reply " + id + " from a chat");

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownDone.StatusCode);
        Assert.DoesNotContain("<script>", await unknownDone.Content.ReadAsStringAsync().DefaultTimeout(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.StartsWith("I don't know the command /reply", await NthTextAsync(fake, 3), StringComparison.Ordinal);
        Assert.Equal(3, fake.CallsTo("sendMessage", Person).Count);
    }

    [Fact]
    public async Task AdminChannel_WithoutAnAdminKey_StartFailsWithTheReason()
    {
        var settings = new Dictionary<string, string?> { ["Handoff:Operator:Channel"] = "admin" };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => HubServer.StartAsync(settings)).DefaultTimeout();

        Assert.Contains("Handoff:Operator:Channel is admin, but the admin API is off", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Settings(FakeBotApi fake)
    {
        var settings = TelegramHub.Settings(fake);
        settings["Handoff:Operator:Channel"] = "admin";
        settings["Admin:ApiKey"] = AdminKey;
        return settings;
    }

    private static HttpClient Admin(Uri baseAddress)
    {
        var admin = new HttpClient { BaseAddress = baseAddress };
        admin.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return admin;
    }

    private static (string?, string?) Line(JsonElement line) => (line.GetProperty("from").GetString(), line.GetProperty("text").GetString());

    private static async Task PostAsync(HttpClient hub, long chat, int updateId, string text)
    {
        using var response = await TelegramHub.PostUpdateAsync(hub, TelegramUpdates.Private(chat, updateId, text));
        response.EnsureSuccessStatusCode();
    }

    private static async Task<string> NthTextAsync(FakeBotApi fake, int n) =>
        (await fake.WaitForCallsAsync("sendMessage", Person, n).DefaultTimeout())[n - 1].Text!;

    /// <summary>Holds the first model call until <see cref="Release"/>; the others pass.</summary>
    private sealed class GatedChatClient(IChatClient inner) : DelegatingChatClient(inner)
    {
        private int _calls;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                Entered.SetResult();
                await Release.Task.WaitAsync(cancellationToken);
            }

            await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
            {
                yield return update;
            }
        }
    }
}
