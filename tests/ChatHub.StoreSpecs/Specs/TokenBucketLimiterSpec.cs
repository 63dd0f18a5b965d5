using ChatHub.Conversation.RateLimiting;

namespace ChatHub.StoreSpecs;

/// <summary>The pipeline's per-person and per-conversation buckets (<see cref="ITokenBucketLimiter"/>).</summary>
public abstract class TokenBucketLimiterSpec(StoreBackend backend) : StoreSpec(backend)
{
    private static readonly TokenBucketRule ThreeEvery10Seconds = new(3, TimeSpan.FromSeconds(10));

    private static async Task<int> CountGrantedAsync(ITokenBucketLimiter limiter, string key, int attempts)
    {
        var granted = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, attempts), async (_, ct) =>
        {
            if (await limiter.TryAcquireAsync(key, ThreeEvery10Seconds, ct))
            {
                Interlocked.Increment(ref granted);
            }
        }).DefaultTimeout();
        return granted;
    }

    [Fact]
    public async Task TryAcquireAsync_Burst_ThenOneTokenPerRefill()
    {
        var limiter = Context.CreateTokenBucketLimiter();
        Assert.Equal(3, await CountGrantedAsync(limiter, "rl:user:u1", attempts: 20));
        await AdvanceAsync(TimeSpan.FromSeconds(9));
        Assert.False(await limiter.TryAcquireAsync("rl:user:u1", ThreeEvery10Seconds, None).DefaultTimeout());
        await AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await CountGrantedAsync(limiter, "rl:user:u1", attempts: 20));
    }

    [Fact]
    public async Task TryAcquireAsync_LongIdle_RefillsOnlyToCapacity()
    {
        var limiter = Context.CreateTokenBucketLimiter();
        await CountGrantedAsync(limiter, "k", attempts: 5);
        await AdvanceAsync(TimeSpan.FromHours(1));
        Assert.Equal(3, await CountGrantedAsync(limiter, "k", attempts: 20));
    }

    [Fact]
    public async Task TryAcquireAsync_KeysAreIndependent()
    {
        var limiter = Context.CreateTokenBucketLimiter();
        Assert.Equal(3, await CountGrantedAsync(limiter, "rl:conv:a", attempts: 10));
        Assert.Equal(3, await CountGrantedAsync(limiter, "rl:conv:b", attempts: 10));
    }
}
