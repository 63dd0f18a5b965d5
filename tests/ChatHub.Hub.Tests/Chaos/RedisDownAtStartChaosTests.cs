using System.Net;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Redis.Connection;
using StackExchange.Redis;
using ChatHub.Testing.SignalR;
using ChatHub.Testing.Processes;

namespace ChatHub.Hub.Tests.Chaos;

/// <summary>
/// The hub on real Kestrel starts while its redis-server is not running: it starts anyway, <c>/readyz</c> says not ready
/// (naming Redis, never its password), and once the server comes up the same hub process connects by itself, turns
/// ready and answers a web-chat question end to end, without a restart.
/// </summary>
public sealed class RedisDownAtStartChaosTests
{
    private const string Password = "down-at-start-secret";

    [Fact]
    public async Task Redis_DownAtStart_NotReady_ThenReadyAndAnsweringOnceItComesUp_WithoutARestart()
    {
        await using var redis = await RespServerProcess.StartAsync("redis", password: Password, start: false);
        await using var hub = await HubServer.StartAsync(ChaosSettings.ForWebChat(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = $"{redis.ConnectionString},connectTimeout=1000",
            ["Redis:KeyPrefix"] = $"downatstart-{Guid.NewGuid():N}:",
        }));
        using var http = new HttpClient { BaseAddress = hub.BaseAddress };

        var down = await http.GetAsync(new Uri("/readyz", UriKind.Relative)).DefaultTimeout();
        var downBody = await down.Content.ReadAsStringAsync().DefaultTimeout();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Contains("redis", downBody, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, downBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative)).DefaultTimeout()).StatusCode);

        var multiplexer = hub.Services.GetRequiredService<RedisConnection>().Multiplexer;
        var commands = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pubsub = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        multiplexer.ConnectionRestored += (_, e) => (e.ConnectionType == ConnectionType.Subscription ? pubsub : commands).TrySetResult();
        await redis.StartAsync().DefaultTimeout();
        await Task.WhenAll(commands.Task, pubsub.Task).DefaultTimeout(); // the multiplexer made at start connects by itself

        var up = await http.GetAsync(new Uri("/readyz", UriKind.Relative)).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        await using var user = await WebChatUser.JoinAsync(hub.BaseAddress).DefaultTimeout();
        var answer = await user.AskAsync("What is ChatHub?").DefaultTimeout();
        Assert.Contains("ChatHub", answer, StringComparison.Ordinal);
        Assert.Same(multiplexer, hub.Services.GetRequiredService<RedisConnection>().Multiplexer);
    }
}
