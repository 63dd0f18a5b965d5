using System.Text.RegularExpressions;
using ChatHub.Conversation.Handoff;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Hub.Tests.Telegram;
using ChatHub.Testing.Telegram;
using Microsoft.Extensions.AI;

namespace ChatHub.Hub.Tests.Handoff;

/// <summary>
/// Hand-off on the durable embedded default (SQLite): a hand-off opened before the hub restarts on the same
/// <c>Storage:Path</c> is still open after it: the person's messages still go to the operators and /reply still reaches
/// them. The person writes in a private Telegram chat, the operators in a Telegram group.
/// </summary>
public sealed partial class HandoffAfterRestartTests : IDisposable
{
    private const long Person = 9_720_000_001;
    private const long Operators = -1_009_720_000_002;
    private readonly string _storage = Directory.CreateTempSubdirectory("chathub-handoff-").FullName;

    public void Dispose() => Directory.Delete(_storage, recursive: true);

    [GeneratedRegex("Hand-off ([A-Z2-9]{5}):")]
    private static partial Regex HandoffId();

    [Fact]
    public async Task HandoffOpenedBeforeRestart_StillOpenAfterIt()
    {
        var model = new HandoffChatClient();
        await using var fake = await FakeBotApi.StartAsync().DefaultTimeout();
        var settings = TelegramHub.Settings(fake);
        settings["Storage:Provider"] = "sqlite";
        settings["Storage:Path"] = _storage;
        settings["Handoff:Operator:Channel"] = "telegram";
        settings["Handoff:Operator:ChatId"] = Operators.ToString(System.Globalization.CultureInfo.InvariantCulture);

        string started, id;
        await using (var before = await HubServer.StartAsync(settings, b => b.Services.AddSingleton<IChatClient>(model)))
        {
            using var http = new HttpClient { BaseAddress = before.BaseAddress };
            await PostAsync(http, TelegramUpdates.Private(Person, 1, "/human"));
            started = await NthTextAsync(fake, Person, 1);
            id = HandoffId().Match(await NthTextAsync(fake, Operators, 1)).Groups[1].Value;
        }

        await using var after = await HubServer.StartAsync(settings, b => b.Services.AddSingleton<IChatClient>(model));
        using var toAfter = new HttpClient { BaseAddress = after.BaseAddress };
        await PostAsync(toAfter, TelegramUpdates.Private(Person, 2, "still waiting"));
        var forwarded = await NthTextAsync(fake, Operators, 2);
        await PostAsync(toAfter, TelegramUpdates.Group(Operators, 3, $"/reply {id} Hello, this is the team."));
        var fromOperator = await NthTextAsync(fake, Person, 2);

        Assert.Equal(HandoffService.StartedReply, started);
        Assert.Equal($"[{id}] Test: still waiting", forwarded);
        Assert.Equal("Hello, this is the team.", fromOperator);
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
