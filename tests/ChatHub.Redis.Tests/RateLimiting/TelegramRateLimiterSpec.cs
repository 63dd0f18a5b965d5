using ChatHub.Adapters.Telegram;
using ChatHub.Adapters.Telegram.Egress;
using ChatHub.Redis.Connection;
using ChatHub.Redis.RateLimiting;
using ChatHub.Redis.Tests.Backends;
using Microsoft.Extensions.Options;

namespace ChatHub.Redis.Tests.RateLimiting;

/// <summary>
/// Telegram's budgets on the cluster-wide buckets: two nodes (two connections, two <see cref="DistributedTelegramRateLimiter"/>s)
/// draw on the same chat, group and bot budgets. The clock is manual, so every assertion is a count, never a timing.
/// </summary>
public abstract class TelegramRateLimiterSpec : IAsyncLifetime
{
    private const long PrivateChat = 7123456789;
    private const long Supergroup = -1001234567890;

    private readonly ServerBackend _backend;
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly RedisKeyspace _keys = new($"tg-{Guid.NewGuid():N}:");
    private RedisConnection? _otherNode;

    protected TelegramRateLimiterSpec(ServerBackend backend) => _backend = backend;

    public async Task InitializeAsync() => _otherNode = await _backend.ConnectNodeAsync();

    public async Task DisposeAsync()
    {
        if (_otherNode is not null)
        {
            await _otherNode.DisposeAsync();
        }
    }

    private DistributedTelegramRateLimiter NodeA(TelegramOptions? options = null) => Node(_backend.Connection, options);

    private DistributedTelegramRateLimiter NodeB(TelegramOptions? options = null) => Node(_otherNode!, options);

    private DistributedTelegramRateLimiter Node(RedisConnection connection, TelegramOptions? options) =>
        new(new RedisRateLimiter(connection, _keys, _time), Options.Create(options ?? new TelegramOptions { Token = "123456:secret-key" }));

    [Fact]
    public async Task TryAcquireAsync_TwoNodesOneChat_AtMostTheChatBurstInTotal()
    {
        var a = NodeA();
        var b = NodeB();

        Assert.Equal(3, await CountGrantedAsync(a, b, PrivateChat, attempts: 20)); // PerChatBurst

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, await CountGrantedAsync(a, b, PrivateChat, attempts: 20)); // PerChatPerSecond
        Assert.Equal(3, await CountGrantedAsync(a, b, PrivateChat + 1, attempts: 20)); // another chat has its own
    }

    [Fact]
    public async Task TryAcquireAsync_GroupChat_BoundedByThePerGroupBudget()
    {
        var options = new TelegramOptions
        {
            Token = "123456:secret-key", PerChatBurst = 30, PerChatPerSecond = 30, PerGroupPerMinute = 6, GlobalPerSecond = 1000,
        };
        var a = NodeA(options);
        var b = NodeB(options);

        Assert.Equal(6, await CountGrantedAsync(a, b, Supergroup, attempts: 40));

        _time.Advance(TimeSpan.FromSeconds(20)); // 6 per minute: 2 more
        Assert.Equal(2, await CountGrantedAsync(a, b, Supergroup, attempts: 40));
        Assert.Equal(30, await CountGrantedAsync(a, b, PrivateChat, attempts: 40)); // no group budget for a private chat
    }

    [Fact]
    public async Task PauseAsync_OnOneNode_BlocksTheChatOnTheOther()
    {
        var a = NodeA();
        var b = NodeB();
        await a.PauseAsync(PrivateChat, TimeSpan.FromSeconds(5), default).DefaultTimeout();

        Assert.False(await b.TryAcquireAsync(PrivateChat, default).DefaultTimeout());
        Assert.True(await b.TryAcquireAsync(PrivateChat + 1, default).DefaultTimeout());

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(await b.TryAcquireAsync(PrivateChat, default).DefaultTimeout());
    }

    [Fact]
    public async Task TryAcquireAsync_TwoBots_DoNotShareBudgets()
    {
        var bot2 = new TelegramOptions { Token = "654321:other-key" };
        Assert.Equal(3, await CountGrantedAsync(NodeA(), NodeB(), PrivateChat, attempts: 10));
        Assert.Equal(3, await CountGrantedAsync(NodeA(bot2), NodeB(bot2), PrivateChat, attempts: 10));
    }

    private static async Task<int> CountGrantedAsync(ITelegramRateLimiter a, ITelegramRateLimiter b, long chatId, int attempts)
    {
        var granted = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, attempts), async (i, ct) =>
        {
            if (await (i % 2 == 0 ? a : b).TryAcquireAsync(chatId, ct))
            {
                Interlocked.Increment(ref granted);
            }
        }).DefaultTimeout();
        return granted;
    }
}
