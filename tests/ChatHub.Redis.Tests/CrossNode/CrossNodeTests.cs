using ChatHub.Conversation.Sessions;
using ChatHub.Conversation.Retention;
using ChatHub.Redis.Connection;
using ChatHub.Redis.Conversation;
using ChatHub.Redis.Tests.Backends;
using Microsoft.Extensions.Options;

namespace ChatHub.Redis.Tests.CrossNode;

/// <summary>Two nodes (two connections) on one redis-server: what one writes, the other reads; the hot-question cache has its own (HotQuestions/).</summary>
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
        var onA = await new RedisIdentityMap(NodeA, _keys, Options.Create(new RetentionOptions())).ResolveAsync(identity, default).DefaultTimeout();
        Assert.Equal(onA, await new RedisIdentityMap(NodeB, _keys, Options.Create(new RetentionOptions())).ResolveAsync(identity, default).DefaultTimeout());
    }
}
