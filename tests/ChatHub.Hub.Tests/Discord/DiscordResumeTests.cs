using ChatHub.Testing.Discord;

namespace ChatHub.Hub.Tests.Discord;

/// <summary>A dropped gateway connection on a real hub: resumed, missed messages answered, replayed ones answered once.</summary>
public sealed class DiscordResumeTests
{
    [Fact]
    public async Task Drop_ResumedAndEveryMessageAnsweredExactlyOnce()
    {
        const string channel = "750000000000000001";
        await using var hub = await DiscordHub.StartAsync().DefaultTimeout();
        await hub.WaitForSessionAsync();
        hub.Fake.ReplayOverlap = 1;
        var (first, missed, live) = (DiscordPayloads.NextId(), DiscordPayloads.NextId(), DiscordPayloads.NextId());

        hub.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm(first, channel, "/help"));
        await hub.Fake.WaitForCallsAsync(FakeRoute.CreateMessage, channel).DefaultTimeout();
        hub.Fake.Drop();
        hub.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm(missed, channel, "What is ChatHub?"));
        await hub.Fake.WaitForClientOpAsync(1, 6).DefaultTimeout();
        hub.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm(live, channel, "/help"));
        await hub.Fake.WaitForCallsAsync(FakeRoute.CreateMessage, channel, where: c => c.ReplyTo == live).DefaultTimeout();

        Assert.Equal([first, missed, live], hub.Fake.CallsTo(FakeRoute.CreateMessage, channel).Select(c => c.ReplyTo));
        Assert.Equal("/gateway-resume", hub.Fake.Connections[1].Path);
        Assert.DoesNotContain(2, hub.Fake.Connections[1].ReceivedOps);
    }
}
