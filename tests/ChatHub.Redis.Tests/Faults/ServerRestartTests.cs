using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ChatHub.Conversation.Sessions;
using ChatHub.Inference.HotQuestions;
using ChatHub.Redis.Connection;
using ChatHub.Redis.Conversation;
using ChatHub.Redis.HotQuestions;
using ChatHub.Redis.Tests.CrossNode;
using ChatHub.Resp;
using ChatHub.Resp.PubSub;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

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
                catch (RespException)
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
    public async Task HotQuestionInvalidation_AfterRestart_IsSubscribedAgain_AndStaleL1CopiesAreDropped()
    {
        await using var server = await RespServerProcess.StartAsync("redis");
        await using var nodeA = await ConnectAsync(server);
        await using var nodeB = await ConnectAsync(server);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var keys = new RedisKeyspace("hq:");
        var (cacheA, _, l2A) = CreateNode(nodeA, keys, services);
        var (cacheB, l1B, l2B) = CreateNode(nodeB, keys, services);
        await l2A.StartListeningAsync(default).DefaultTimeout();
        await l2B.StartListeningAsync(default).DefaultTimeout();
        var announced = CrossNodeTests.NextInvalidation(l2B, "q");
        await cacheA.SetAsync("q", new HotAnswer("v1", "knowledge"), default).DefaultTimeout();
        await announced.DefaultTimeout();
        await cacheB.GetAsync("q", default).DefaultTimeout();
        Assert.NotNull(l1B.TryGet("q"));

        var flushedA = Flushed(l2A);
        var flushedB = Flushed(l2B);
        var commandsBackA = Reconnected(nodeA.Client);
        var commandsBackB = Reconnected(nodeB.Client);
        await server.RestartAsync().DefaultTimeout();
        await Task.WhenAll(flushedA, flushedB, commandsBackA, commandsBackB).DefaultTimeout();

        // Whatever was published during the outage is lost, so B dropped the copy it got through L2.
        Assert.Null(l1B.TryGet("q"));

        // And the invalidation channel works again.
        var first = CrossNodeTests.NextInvalidation(l2B, "q2");
        await cacheA.SetAsync("q2", new HotAnswer("v1", "knowledge"), default).DefaultTimeout();
        await first.DefaultTimeout();
        Assert.Equal("v1", (await cacheB.GetAsync("q2", default).DefaultTimeout())!.Text);
        var dropped = CrossNodeTests.NextInvalidation(l2B, "q2");
        await cacheA.SetAsync("q2", new HotAnswer("v2", "knowledge"), default).DefaultTimeout();
        await dropped.DefaultTimeout();
        Assert.Null(l1B.TryGet("q2"));
        Assert.Equal("v2", (await cacheB.GetAsync("q2", default).DefaultTimeout())!.Text);
    }

    private static async Task<RedisConnection> ConnectAsync(RespServerProcess server) =>
        new(await RespClient.ConnectAsync(server.Configuration).DefaultTimeout(), await RespSubscriber.ConnectAsync(server.Configuration).DefaultTimeout());

    private static Task Flushed(RedisHotQuestionStore store)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.Flushed += _ => flushed.TrySetResult();
        return flushed.Task;
    }

    private static Task Reconnected(RespClient client)
    {
        var back = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Reconnected += (_, _) => back.TrySetResult();
        return back.Task;
    }

    private static (HotQuestionCache Cache, MemoryHotQuestionStore L1, RedisHotQuestionStore L2) CreateNode(
        RedisConnection node, RedisKeyspace keys, IServiceProvider services)
    {
        var options = Options.Create(new HotQuestionCacheOptions());
        var l1 = new MemoryHotQuestionStore(options, TimeProvider.System);
        var l2 = new RedisHotQuestionStore(node, keys, l1, options);
        return (new HotQuestionCache([l1, l2], options, services.GetRequiredService<IMeterFactory>()), l1, l2);
    }
}
