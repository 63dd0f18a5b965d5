using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Testing.Processes;
using ChatHub.Testing.SignalR;

namespace ChatHub.Hub.Tests.Realtime;

/// <summary>
/// The widget's calls while the hub's store (a real redis-server) is gone: a clear reason, not an invocation error
/// with a stack trace in the hub's log (a 500 in all but name).
/// </summary>
public sealed class WebChatStoreOutageTests
{
    private const string Unavailable = "The chat is briefly unavailable. Please try again in a moment.";

    [Fact]
    public async Task SendAndJoin_RedisDown_NotAcceptedWithAClearReason()
    {
        await using var redis = await RespServerProcess.StartAsync("redis");
        await using var hub = await HubServer.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["Redis:KeyPrefix"] = $"outage-{Guid.NewGuid():N}:",
        }).DefaultTimeout();
        await using var client = await SignalRTestClient.ConnectAsync(hub.BaseAddress);
        var join = await client.InvokeAsync("Join", null, 0);
        var before = await client.InvokeAsync("Send", "What is ChatHub?", "m-1");

        await redis.KillAsync();
        var during = await client.InvokeAsync("Send", "What is ChatHub?", "m-2");
        var refused = await Assert.ThrowsAsync<HubErrorException>(() => client.InvokeAsync("Join", join.GetProperty("token").GetString(), 0));

        Assert.True(before.GetProperty("accepted").GetBoolean());
        Assert.False(during.GetProperty("accepted").GetBoolean());
        Assert.Equal(Unavailable, during.GetProperty("error").GetString());
        Assert.Contains(Unavailable, refused.Message, StringComparison.Ordinal);
    }
}
