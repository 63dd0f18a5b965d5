using ChatHub.Testing.SignalR;

namespace ChatHub.Redis.Tests.SignalR;

/// <summary>
/// The official backplane (AddStackExchangeRedis on the shared multiplexer): two nodes (two Kestrel hosts in this process) on one redis-server, with real WebSocket clients: what a hub method
/// sends on one node reaches the right connections on both.
/// </summary>
public sealed class RedisHubLifetimeManagerTests : IClassFixture<ScaleoutServerFixture>, IAsyncLifetime
{
    private readonly ScaleoutServerFixture _fixture;
    private readonly string _prefix = $"sr-{Guid.NewGuid():N}:";
    private ScaleoutNode? _a;
    private ScaleoutNode? _b;

    public RedisHubLifetimeManagerTests(ScaleoutServerFixture fixture) => _fixture = fixture;

    private ScaleoutNode A => _a!;

    private ScaleoutNode B => _b!;

    public async Task InitializeAsync()
    {
        _a = await ScaleoutNode.StartAsync(_fixture.Server, _prefix);
        _b = await ScaleoutNode.StartAsync(_fixture.Server, _prefix);
    }

    public async Task DisposeAsync()
    {
        if (_a is not null)
        {
            await _a.DisposeAsync();
        }

        if (_b is not null)
        {
            await _b.DisposeAsync();
        }
    }

    [Fact]
    public async Task SendToGroup_FromOneNode_ReachesMembersOnBoth_NotOthers()
    {
        await using var onA = await A.ConnectAsync();
        await using var onB = await B.ConnectAsync();
        await using var outsider = await B.ConnectAsync();
        await onA.InvokeAsync("JoinGroup", "g");
        await onB.InvokeAsync("JoinGroup", "g");

        await outsider.InvokeAsync("SendToGroup", "g", "hello");

        Assert.Equal("hello", await NextMessageAsync(onA));
        Assert.Equal("hello", await NextMessageAsync(onB));
        await outsider.InvokeAsync("SendToCaller", "marker");
        Assert.Equal("marker", await NextMessageAsync(outsider)); // "hello" never came
    }

    [Fact]
    public async Task OthersInGroup_ExcludesTheCaller_OnEveryNode()
    {
        await using var onA = await A.ConnectAsync();
        await using var onB = await B.ConnectAsync();
        await onA.InvokeAsync("JoinGroup", "g");
        await onB.InvokeAsync("JoinGroup", "g");

        await onB.InvokeAsync("SendToOthersInGroup", "g", "not for B");
        Assert.Equal("not for B", await NextMessageAsync(onA));
        await onB.InvokeAsync("SendToCaller", "marker");
        Assert.Equal("marker", await NextMessageAsync(onB));
    }

    [Fact]
    public async Task AddToGroup_ConnectionOnTheOtherNode_IsAcknowledgedAndTakesEffect()
    {
        await using var onA = await A.ConnectAsync();
        await using var stays = await A.ConnectAsync();
        await using var onB = await B.ConnectAsync();
        var idOnA = (await onA.InvokeAsync("GetConnectionId")).GetString()!;
        await stays.InvokeAsync("JoinGroup", "g2");

        await onB.InvokeAsync("AddToGroup", idOnA, "g2"); // returns once node A acknowledged
        await onB.InvokeAsync("SendToGroup", "g2", "added");
        Assert.Equal("added", await NextMessageAsync(onA));
        Assert.Equal("added", await NextMessageAsync(stays));

        await onB.InvokeAsync("RemoveFromGroup", idOnA, "g2");
        await onB.InvokeAsync("SendToGroup", "g2", "removed");
        Assert.Equal("removed", await NextMessageAsync(stays)); // delivered on node A...
        await onA.InvokeAsync("SendToCaller", "marker");
        Assert.Equal("marker", await NextMessageAsync(onA)); // ...but not to the removed connection
    }

    [Fact]
    public async Task SendToConnection_OnTheOtherNode_Arrives()
    {
        await using var onA = await A.ConnectAsync();
        await using var onB = await B.ConnectAsync();
        var idOnA = (await onA.InvokeAsync("GetConnectionId")).GetString()!;
        await onB.InvokeAsync("SendToConnection", idOnA, "direct");
        Assert.Equal("direct", await NextMessageAsync(onA));
    }

    [Fact]
    public async Task SendToAll_And_Others_ReachEveryNode()
    {
        await using var onA = await A.ConnectAsync();
        await using var onB = await B.ConnectAsync();
        await onB.InvokeAsync("SendToAll", "everyone");
        Assert.Equal("everyone", await NextMessageAsync(onA));
        Assert.Equal("everyone", await NextMessageAsync(onB));

        await onB.InvokeAsync("SendToOthers", "others");
        Assert.Equal("others", await NextMessageAsync(onA));
        await onB.InvokeAsync("SendToCaller", "marker");
        Assert.Equal("marker", await NextMessageAsync(onB));
    }

    [Fact]
    public async Task RedisRestarted_PubSubIsSubscribedAgain_GroupsStillCrossNodes()
    {
        await using var onA = await A.ConnectAsync();
        await using var onB = await B.ConnectAsync();
        await onA.InvokeAsync("JoinGroup", "g4");

        var backA = Reconnected(A);
        var backB = Reconnected(B);
        await _fixture.Server.RestartAsync().DefaultTimeout();
        await Task.WhenAll(backA, backB).DefaultTimeout();

        await onB.InvokeAsync("SendToGroup", "g4", "after restart");
        Assert.Equal("after restart", await NextMessageAsync(onA));
    }

    private static async Task<string> NextMessageAsync(SignalRTestClient client) =>
        (await client.NextAsync("Message").DefaultTimeout())[0].GetString()!;

    /// <summary>The node's pub/sub connection is back (the multiplexer resubscribed the backplane's channels).</summary>
    private static Task Reconnected(ScaleoutNode node)
    {
        var pubsub = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        node.Redis.SubscriptionRestored += (_, _) => pubsub.TrySetResult();
        return pubsub.Task;
    }

    [Fact]
    public async Task Channels_UnderTheKeyPrefix()
    {
        await using var onA = await A.ConnectAsync();
        await onA.InvokeAsync("JoinGroup", "g5");
        var channels = ((StackExchange.Redis.RedisResult[])(await A.Redis.Database.ExecuteAsync("PUBSUB", "CHANNELS", "*").DefaultTimeout())!)
            .Select(c => (string)c!).ToArray();
        Assert.Contains($"{_prefix}{typeof(ScaleoutTestHub).FullName}:group:g5", channels);
        Assert.All(channels.Where(c => c.Contains(typeof(ScaleoutTestHub).FullName!, StringComparison.Ordinal)), c => Assert.StartsWith("sr-", c, StringComparison.Ordinal));
    }
}
