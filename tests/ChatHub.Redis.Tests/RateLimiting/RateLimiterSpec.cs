using ChatHub.Conversation.RateLimiting;
using ChatHub.Redis.Connection;
using ChatHub.Redis.RateLimiting;
using ChatHub.Redis.Tests.Backends;

namespace ChatHub.Redis.Tests.RateLimiting;

/// <summary>
/// The cluster-wide token buckets: two nodes (two connections, two limiters) draw from the same buckets. The clock is
/// manual and passed to the script, so every assertion is a count, never a timing.
/// </summary>
public abstract class RateLimiterSpec : IAsyncLifetime
{
    private readonly ServerBackend _backend;
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly RedisKeyspace _keys = new($"rl-{Guid.NewGuid():N}:");
    private RedisConnection? _otherNode;

    protected RateLimiterSpec(ServerBackend backend) => _backend = backend;

    private RedisRateLimiter NodeA => new(_backend.Connection, _keys, _time);

    private RedisRateLimiter NodeB => new(_otherNode!, _keys, _time);

    public async Task InitializeAsync() => _otherNode = await _backend.ConnectNodeAsync();

    public async Task DisposeAsync()
    {
        if (_otherNode is not null)
        {
            await _otherNode.DisposeAsync();
        }
    }

    [Fact]
    public async Task TryAcquireAsync_TwoNodesOneBucket_NeverMoreThanCapacityThenTheRate()
    {
        TokenBucketLimit[] chat = [new("telegram:bot1:chat:42", Capacity: 5, PerSecond: 1)];
        var a = NodeA;
        var b = NodeB;

        Assert.Equal(5, await CountGrantedAsync(a, b, chat, attempts: 40));

        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(3, await CountGrantedAsync(a, b, chat, attempts: 40));

        _time.Advance(TimeSpan.FromMinutes(10)); // refills only up to the capacity
        Assert.Equal(5, await CountGrantedAsync(a, b, chat, attempts: 40));
    }

    [Fact]
    public async Task TryAcquireAsync_Denied_SaysHowLongToWait()
    {
        TokenBucketLimit[] chat = [new("telegram:bot1:chat:7", Capacity: 1, PerSecond: 0.5)];
        Assert.True((await NodeA.TryAcquireAsync(chat, default).DefaultTimeout()).Acquired);
        var denied = await NodeB.TryAcquireAsync(chat, default).DefaultTimeout();
        Assert.False(denied.Acquired);
        Assert.Equal(TimeSpan.FromSeconds(2), denied.RetryAfter);

        _time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal(TimeSpan.FromMilliseconds(500), (await NodeA.TryAcquireAsync(chat, default).DefaultTimeout()).RetryAfter);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True((await NodeA.TryAcquireAsync(chat, default).DefaultTimeout()).Acquired);
    }

    [Fact]
    public async Task TryAcquireAsync_SeveralBuckets_AllOrNothing()
    {
        var global = new TokenBucketLimit("telegram:bot1:global", Capacity: 4, PerSecond: 1);
        var chatA = new TokenBucketLimit("telegram:bot1:chat:1", Capacity: 3, PerSecond: 1);
        var chatB = new TokenBucketLimit("telegram:bot1:chat:2", Capacity: 3, PerSecond: 1);

        Assert.Equal(3, await CountGrantedAsync(NodeA, NodeB, [chatA, global], attempts: 10)); // chat A's burst
        Assert.Equal(1, await CountGrantedAsync(NodeA, NodeB, [chatB, global], attempts: 10)); // the global's last token

        // The denied attempts took nothing from chat B: with the global out of the way it still has 2 tokens.
        Assert.Equal(2, await CountGrantedAsync(NodeA, NodeB, [chatB], attempts: 10));
    }

    [Fact]
    public async Task TryAcquireAsync_KeysArePerBotAndPerChat()
    {
        TokenBucketLimit Chat(string bot, string chat) => new($"telegram:{bot}:chat:{chat}", Capacity: 2, PerSecond: 1);
        Assert.Equal(2, await CountGrantedAsync(NodeA, NodeB, [Chat("bot1", "9")], attempts: 10));
        Assert.Equal(2, await CountGrantedAsync(NodeA, NodeB, [Chat("bot2", "9")], attempts: 10));
        Assert.Equal(2, await CountGrantedAsync(NodeA, NodeB, [Chat("bot1", "10")], attempts: 10));
        Assert.Equal(0, await CountGrantedAsync(NodeA, NodeB, [Chat("bot1", "9")], attempts: 10));
    }

    [Fact]
    public async Task PauseAsync_StopsTheBucketOnEveryNodeUntilItEnds()
    {
        var chat = new TokenBucketLimit("telegram:bot1:chat:5", Capacity: 3, PerSecond: 1);
        var global = new TokenBucketLimit("telegram:bot1:global", Capacity: 30, PerSecond: 30);
        await NodeA.PauseAsync(chat.Key, TimeSpan.FromSeconds(10), default).DefaultTimeout();
        await NodeB.PauseAsync(chat.Key, TimeSpan.FromSeconds(4), default).DefaultTimeout(); // never shortens

        var denied = await NodeB.TryAcquireAsync([chat, global], default).DefaultTimeout();
        Assert.False(denied.Acquired);
        Assert.Equal(TimeSpan.FromSeconds(10), denied.RetryAfter);

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(3, await CountGrantedAsync(NodeA, NodeB, [chat, global], attempts: 10));
    }

    [Fact]
    public async Task AcquireAsync_WaitsOnTheInjectedClock()
    {
        TokenBucketLimit[] chat = [new("telegram:bot1:chat:77", Capacity: 1, PerSecond: 1)];
        await NodeA.AcquireAsync(chat, default).DefaultTimeout();
        var waiting = NodeB.AcquireAsync(chat, default).AsTask();
        await WaitForTimerAsync();
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        await waiting.DefaultTimeout();
    }

    /// <summary>Waits until the waiting acquisition has armed its delay on the manual clock.</summary>
    private Task WaitForTimerAsync() => _time.WaitForTimerAsync().DefaultTimeout();

    private static async Task<int> CountGrantedAsync(
        RedisRateLimiter a, RedisRateLimiter b, IReadOnlyList<TokenBucketLimit> buckets, int attempts)
    {
        var granted = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, attempts), async (i, ct) =>
        {
            var decision = await (i % 2 == 0 ? a : b).TryAcquireAsync(buckets, ct);
            if (decision.Acquired)
            {
                Interlocked.Increment(ref granted);
            }
        }).DefaultTimeout();
        return granted;
    }
}
