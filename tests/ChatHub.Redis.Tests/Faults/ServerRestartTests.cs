using System.Collections.Concurrent;
using ChatHub.Conversation.Sessions;
using ChatHub.Inference.HotQuestions;
using ChatHub.Redis.Connection;
using ChatHub.Redis.Conversation;
using ChatHub.Redis.Tests.HotQuestions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Xunit.Abstractions;
using ChatHub.Testing.Processes;

namespace ChatHub.Redis.Tests.Faults;

/// <summary>
/// redis-server killed (SIGKILL) and restarted on the same port while the stores are in use: every call ends with a
/// result or an error (never a hang), the stores work again once the client has reconnected, nothing acknowledged is
/// lost, and pub/sub is subscribed again.
/// </summary>
public sealed class ServerRestartTests(ITestOutputHelper output)
{
    private const int Callers = 50;
    private static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(15); // command timeout (5 s) plus slack

    [Fact]
    public async Task SessionAppends_ServerKilledAndRestartedMidLoad_EveryCallEnds_NoAcknowledgedAppendLost()
    {
        // appendfsync always: Redis writes each append to disk before it answers, so an acknowledged append survives the kill.
        await using var server = await RespServerProcess.StartAsync("redis", extraArguments: _ => ["--appendonly", "yes", "--appendfsync", "always"]);
        await using var redis = await ConnectAsync(server);
        var store = new RedisSessionStore(redis, new RedisKeyspace("fault:"), Options.Create(new SessionOptions { MaxTurns = 1000, Ttl = TimeSpan.FromHours(1) }));
        var acknowledged = new ConcurrentBag<(int Caller, int N)>();
        var failures = 0;
        var successes = 0;
        var afterRestart = 0;
        var restarted = 0;
        var killNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();

        async Task CallerAsync(int caller)
        {
            for (var n = 0; n < 900 && !stop.IsCancellationRequested; n++)
            {
                var turn = new SessionTurn(SessionRoles.User, $"{caller}:{n}", DateTimeOffset.UnixEpoch.AddSeconds(n), "webchat");
                try
                {
                    await store.AppendAsync($"u{caller}", [turn], CancellationToken.None).AsTask().WaitAsync(CallLimit);
                }
                catch (RedisException)
                {
                    // An error, not a hang: the connection dropped (in flight, or failing fast while reconnecting).
                    Interlocked.Increment(ref failures);
                    await Task.Delay(10); // back off a little instead of spinning while the server restarts
                    continue;
                }

                acknowledged.Add((caller, n));
                if (Interlocked.Increment(ref successes) == 200)
                {
                    killNow.TrySetResult();
                }

                if (Volatile.Read(ref restarted) == 1 && Interlocked.Increment(ref afterRestart) == 200)
                {
                    await stop.CancelAsync();
                }
            }
        }

        var load = Task.WhenAll(Enumerable.Range(0, Callers).Select(c => Task.Run(() => CallerAsync(c))));
        await killNow.Task.DefaultTimeout();
        await server.KillAsync();
        await server.StartAsync().DefaultTimeout();
        Volatile.Write(ref restarted, 1);
        await load.DefaultTimeout(); // a hung call would fail here (and in CallerAsync's WaitAsync)

        output.WriteLine($"{acknowledged.Count} appends acknowledged ({afterRestart} after the restart), {failures} failed with an error");
        Assert.True(failures > 0, "the outage was never noticed");
        Assert.True(afterRestart >= 200, $"only {afterRestart} appends succeeded after the restart");
        foreach (var group in acknowledged.GroupBy(a => a.Caller))
        {
            var stored = (await store.GetAsync($"u{group.Key}", default).DefaultTimeout()).Select(t => int.Parse(t.Text.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Empty(group.Select(a => a.N).Except(stored)); // every acknowledged append is there
            Assert.Equal(stored.Order(), stored); // in the order the caller made them
        }
    }

    [Fact]
    public async Task HotQuestionCache_AfterRestart_BackplaneSubscribedAgain_AndL1CopiesDropped()
    {
        await using var server = await RespServerProcess.StartAsync("redis");
        await using var nodeA = await CacheNode.StartAsync(server, "hq:");
        await using var nodeB = await CacheNode.StartAsync(server, "hq:");
        var announced = nodeB.NextBackplaneMessage("q");
        await nodeA.Cache.SetAsync("q", new HotAnswer("v1", "knowledge"), default).DefaultTimeout();
        await announced.DefaultTimeout();
        await nodeB.Cache.GetAsync("q", default).DefaultTimeout();
        Assert.Equal("v1", nodeB.LocalCopy("q")?.Text);

        var backA = nodeA.NextSubscriptionRestored();
        var backB = nodeB.NextSubscriptionRestored();
        await server.RestartAsync().DefaultTimeout();
        await Task.WhenAll(backA, backB).DefaultTimeout();

        // Whatever was published during the outage is lost, so B dropped its copies (the guard runs first on the event).
        Assert.Null(nodeB.LocalCopy("q"));

        // And the backplane works again.
        var first = nodeB.NextBackplaneMessage("q2");
        await nodeA.Cache.SetAsync("q2", new HotAnswer("v1", "knowledge"), default).DefaultTimeout();
        await first.DefaultTimeout();
        Assert.Equal("v1", (await nodeB.Cache.GetAsync("q2", default).DefaultTimeout())!.Text);
        var dropped = nodeB.NextLocalChange("q2");
        await nodeA.Cache.SetAsync("q2", new HotAnswer("v2", "knowledge"), default).DefaultTimeout();
        await dropped.DefaultTimeout();
        Assert.Equal("v2", (await nodeB.Cache.GetAsync("q2", default).DefaultTimeout())!.Text);
    }

    private static async Task<RedisConnection> ConnectAsync(RespServerProcess server) => new(await server.ConnectAsync());
}
