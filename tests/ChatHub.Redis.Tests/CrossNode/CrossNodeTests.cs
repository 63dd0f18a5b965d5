using System.Diagnostics.Metrics;
using ChatHub.Conversation.Sessions;
using ChatHub.Inference.HotQuestions;
using ChatHub.Redis.Connection;
using ChatHub.Redis.Conversation;
using ChatHub.Redis.HotQuestions;
using ChatHub.Redis.Tests.Backends;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatHub.Redis.Tests.CrossNode;

/// <summary>Two nodes (two connections) on one redis-server: what one writes, the other reads; L1 copies are invalidated.</summary>
[Collection(RedisCollection.Name)]
public sealed class CrossNodeTests : IAsyncLifetime
{
    private readonly RedisBackend _backend;
    private readonly RedisKeyspace _keys = new($"x-{Guid.NewGuid():N}:");
    private readonly ManualTimeProvider _time = new();
    private RedisConnection? _nodeB;

    public CrossNodeTests(RedisBackend backend) => _backend = backend;

    private RedisConnection NodeA => _backend.Connection;

    private RedisConnection NodeB => _nodeB!;

    public async Task InitializeAsync() => _nodeB = await _backend.ConnectNodeAsync();

    public async Task DisposeAsync()
    {
        if (_nodeB is not null)
        {
            await _nodeB.DisposeAsync();
        }
    }

    [Fact]
    public async Task SessionStore_WrittenOnOneNode_ReadOnTheOther()
    {
        var options = Options.Create(new SessionOptions { MaxTurns = 10 });
        var onA = new RedisSessionStore(NodeA, _keys, options);
        var onB = new RedisSessionStore(NodeB, _keys, options);
        var turn = new SessionTurn(SessionRoles.User, "hello", _time.GetUtcNow(), "webchat");

        await onA.AppendAsync("u1", [turn], default).DefaultTimeout();
        await onB.AppendAsync("u1", [turn with { Role = SessionRoles.Assistant }], default).DefaultTimeout();

        Assert.Equal([SessionRoles.User, SessionRoles.Assistant], (await onA.GetAsync("u1", default).DefaultTimeout()).Select(t => t.Role));
    }

    [Fact]
    public async Task IdentityMap_ResolvedOnOneNode_IsTheSameUserOnTheOther()
    {
        var identity = new ChatHub.Conversation.Identity.PlatformIdentity("webchat", "c1");
        var onA = await new RedisIdentityMap(NodeA, _keys).ResolveAsync(identity, default).DefaultTimeout();
        Assert.Equal(onA, await new RedisIdentityMap(NodeB, _keys).ResolveAsync(identity, default).DefaultTimeout());
    }

    [Fact]
    public async Task HotQuestionCache_SetOnOneNode_DropsTheOtherNodesL1Copy_OwnChangesKeepL1()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var (cacheA, l1A, l2A) = CreateNode(NodeA, meters);
        var (cacheB, l1B, l2B) = CreateNode(NodeB, meters);
        await l2A.StartListeningAsync(default).DefaultTimeout();
        await l2B.StartListeningAsync(default).DefaultTimeout();

        var announced = NextInvalidation(l2B, "q");
        await cacheA.SetAsync("q", new HotAnswer("v1", "knowledge"), default).DefaultTimeout();
        await announced.DefaultTimeout(); // (a read racing with an invalidation of its key reports a miss)
        Assert.Equal("v1", (await cacheB.GetAsync("q", default).DefaultTimeout())!.Text); // L2 hit, copied into B's L1
        Assert.Equal("v1", l1B.TryGet("q")!.Text);

        var droppedOnB = NextInvalidation(l2B, "q");
        await cacheA.SetAsync("q", new HotAnswer("v2", "knowledge"), default).DefaultTimeout();
        await droppedOnB.DefaultTimeout();
        Assert.Null(l1B.TryGet("q"));
        Assert.Equal("v2", (await cacheB.GetAsync("q", default).DefaultTimeout())!.Text);

        // A ignores its own announcement: once A has handled B's later one (same channel, in order), A's L1 still holds v2.
        var seenOnA = NextInvalidation(l2A, "other");
        await cacheB.SetAsync("other", new HotAnswer("x", "knowledge"), default).DefaultTimeout();
        await seenOnA.DefaultTimeout();
        Assert.Equal("v2", l1A.TryGet("q")!.Text);

        var removedOnA = NextInvalidation(l2A, "q");
        await cacheB.RemoveAsync("q", default).DefaultTimeout();
        await removedOnA.DefaultTimeout();
        Assert.Null(await cacheA.GetAsync("q", default).DefaultTimeout());
    }

    internal static Task NextInvalidation(RedisHotQuestionStore store, string key)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.Invalidated += k =>
        {
            if (k == key)
            {
                seen.TrySetResult();
            }
        };
        return seen.Task;
    }

    private (HotQuestionCache Cache, MemoryHotQuestionStore L1, RedisHotQuestionStore L2) CreateNode(RedisConnection node, IMeterFactory meters)
    {
        var options = Options.Create(new HotQuestionCacheOptions());
        var l1 = new MemoryHotQuestionStore(options, _time);
        var l2 = new RedisHotQuestionStore(node, _keys, l1, options);
        return (new HotQuestionCache([l1, l2], options, meters), l1, l2);
    }
}
