using System.Text.RegularExpressions;
using ChatHub.Conversation.Handoff;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Hub.Tests.Telegram;
using ChatHub.Testing.Processes;
using ChatHub.Testing.Telegram;
using Microsoft.Extensions.AI;

namespace ChatHub.Hub.Tests.Handoff;

/// <summary>
/// Hand-off across two hub nodes sharing a real redis-server: each step arrives at the other node (as behind a load
/// balancer), and each node knows the hand-off the other started. The person writes in a private Telegram chat, the
/// operators in a Telegram group.
/// </summary>
public sealed partial class HandoffAcrossNodesTests
{
    private const long Person = 9_710_000_001;
    private const long Operators = -1_009_710_000_002;

    [GeneratedRegex("Hand-off ([A-Z2-9]{5}):")]
    private static partial Regex HandoffId();

    [Fact]
    public async Task Handoff_StepsOnAlternatingNodes_StateSharedThroughRedis()
    {
        await using var redis = await RespServerProcess.StartAsync("redis");
        var model = new HandoffChatClient();
        var fake = await FakeBotApi.StartAsync().DefaultTimeout();
        var settings = TelegramHub.Settings(fake);
        settings["ConnectionStrings:Redis"] = redis.ConnectionString;
        settings["Redis:KeyPrefix"] = $"handoff-{Guid.NewGuid():N}:";
        settings["Handoff:Operator:Channel"] = "telegram";
        settings["Handoff:Operator:ChatId"] = Operators.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var a = await TelegramHub.StartAsync(settings, b => b.Services.AddSingleton<IChatClient>(model), fake);
        await using var b = await HubServer.StartAsync(settings, builder => builder.Services.AddSingleton<IChatClient>(model));
        using var toB = new HttpClient { BaseAddress = b.BaseAddress };

        await PostAsync(a.Http, TelegramUpdates.Private(Person, 1, "/human"));
        var started = await NthTextAsync(fake, Person, 1);
        var id = HandoffId().Match(await NthTextAsync(fake, Operators, 1)).Groups[1].Value;

        await PostAsync(toB, TelegramUpdates.Private(Person, 2, "still waiting"));
        var forwarded = await NthTextAsync(fake, Operators, 2);

        await PostAsync(toB, TelegramUpdates.Group(Operators, 3, $"/reply {id} Hello, this is the team."));
        var fromOperator = await NthTextAsync(fake, Person, 2);
        var sent = await NthTextAsync(fake, Operators, 3);

        await PostAsync(a.Http, TelegramUpdates.Group(Operators, 4, $"/done {id}"));
        var back = await NthTextAsync(fake, Person, 3);
        var done = await NthTextAsync(fake, Operators, 4);

        await PostAsync(toB, TelegramUpdates.Private(Person, 5, "hi again"));
        var bot = await NthTextAsync(fake, Person, 4);

        Assert.Equal(HandoffService.StartedReply, started);
        Assert.Equal($"[{id}] Test: still waiting", forwarded);
        Assert.Equal(("Hello, this is the team.", $"Sent to {id}."), (fromOperator, sent));
        Assert.StartsWith("The person from the team has left", back, StringComparison.Ordinal);
        Assert.Equal($"{id} is back with the bot.", done);
        Assert.Equal("(bot heard: hi again)", bot);
        Assert.Equal(4, fake.CallsTo("sendMessage", Person).Count);
        Assert.DoesNotContain(model.Requests, request => request.Prompt[^1].Text == "still waiting");
    }

    private static async Task PostAsync(HttpClient hub, string update)
    {
        using var response = await TelegramHub.PostUpdateAsync(hub, update);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<string> NthTextAsync(FakeBotApi fake, long chat, int n) =>
        (await fake.WaitForCallsAsync("sendMessage", chat, n).DefaultTimeout())[n - 1].Text!;
}
