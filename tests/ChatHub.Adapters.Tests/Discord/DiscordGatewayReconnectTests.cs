using System.Text.Json.Nodes;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ChatHub.Testing.Discord;

namespace ChatHub.Adapters.Tests.Discord;

/// <summary>
/// The gateway's reconnect rules against the loopback fake (real WebSockets) on a manual clock: zombie connections,
/// drops, op 7, op 9, close codes (resume, new session, stop for good), and no event lost or handled twice.
/// </summary>
public sealed class DiscordGatewayReconnectTests
{
    private static readonly TimeSpan FirstBeat = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Heartbeat_AckMissed_ZombieClosedWithNon1000CodeAndResumed()
    {
        await using var harness = await DiscordGatewayHarness.StartReadyAsync().DefaultTimeout();
        var session = harness.Fake.SessionId;
        harness.Fake.SkipHeartbeatAcks = true;

        await harness.Time.WaitForTimerAsync(FirstBeat).DefaultTimeout();
        harness.Time.Advance(FirstBeat);
        await harness.Fake.WaitForClientOpAsync(0, 1).DefaultTimeout();
        await harness.Time.WaitForTimerAsync(Interval).DefaultTimeout();
        harness.Time.Advance(Interval); // the ACK never came: zombie
        var resume = await harness.Fake.WaitForClientOpAsync(1, 6).DefaultTimeout();

        var (zombie, second) = (harness.Fake.Connections[0], harness.Fake.Connections[1]);
        Assert.Equal([1], zombie.ReceivedOps.Where(op => op == 1)); // one unacknowledged beat, then the reconnect
        await harness.Fake.WaitUntilAsync(() => zombie.Ended).DefaultTimeout();
        Assert.NotNull(zombie.ClientCloseStatus);
        Assert.DoesNotContain(zombie.ClientCloseStatus, new int?[] { 1000, 1001 });
        Assert.Equal("/gateway-resume", second.Path);
        Assert.Equal(session, resume["d"]!["session_id"]!.GetValue<string>());
        Assert.Equal(2, resume["d"]!["seq"]!.GetValue<long>());
        Assert.DoesNotContain(2, second.ReceivedOps); // no IDENTIFY
        Assert.Contains(harness.Logs.Entries, e => e.EventId == 2206);
    }

    [Fact]
    public async Task Drop_ResumesAndNoEventIsLostOrHandledTwice()
    {
        await using var harness = await DiscordGatewayHarness.StartReadyAsync(fake => fake.ReplayOverlap = 1).DefaultTimeout();
        harness.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm("1001", "7000", "one"));
        await harness.Bus.WaitForInboundAsync("1001").DefaultTimeout();

        harness.Fake.Drop();
        harness.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm("1002", "7000", "two"));   // missed: replayed on resume
        harness.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm("1003", "7000", "three"));
        await harness.Fake.WaitForClientOpAsync(1, 6).DefaultTimeout();
        harness.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm("1004", "7000", "four")); // live after the resume
        await harness.Bus.WaitForInboundAsync("1004").DefaultTimeout();

        Assert.Equal(["1000", "1001", "1002", "1003", "1004"], harness.Bus.Inbound.Select(m => m.PlatformMessageId));
        Assert.Equal("/gateway-resume", harness.Fake.Connections[1].Path);
        Assert.DoesNotContain(2, harness.Fake.Connections[1].ReceivedOps);
        Assert.Equal(2, harness.Fake.Connections.Count);
    }

    [Fact]
    public async Task Reconnect_Op7_ClosesKeepingTheSessionAndResumesAtTheResumeUrl()
    {
        await using var harness = await DiscordGatewayHarness.StartReadyAsync().DefaultTimeout();

        harness.Fake.SendOp(7);
        var resume = await harness.Fake.WaitForClientOpAsync(1, 6).DefaultTimeout();

        var first = harness.Fake.Connections[0];
        await harness.Fake.WaitUntilAsync(() => first.Ended).DefaultTimeout();
        Assert.NotNull(first.ClientCloseStatus);
        Assert.DoesNotContain(first.ClientCloseStatus, new int?[] { 1000, 1001 });
        Assert.Equal("/gateway-resume", harness.Fake.Connections[1].Path);
        Assert.Equal(harness.Fake.SessionId, resume["d"]!["session_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvalidSession_Resumable_ResumesAtOnce()
    {
        await using var harness = await DiscordGatewayHarness.StartReadyAsync().DefaultTimeout();

        harness.Fake.InvalidateSession(resumable: true);
        await harness.Fake.WaitForClientOpAsync(1, 6).DefaultTimeout();

        Assert.Equal("/gateway-resume", harness.Fake.Connections[1].Path);
    }

    [Fact]
    public async Task InvalidSession_NotResumable_WaitsTheDocumentedDelayThenIdentifiesAfresh()
    {
        await using var harness = await DiscordGatewayHarness.StartReadyAsync(fake => fake.HeartbeatIntervalMs = 41_250).DefaultTimeout();
        harness.Time.Advance(TimeSpan.FromSeconds(10)); // past the 5 s between IDENTIFYs; before the first heartbeat

        harness.Fake.InvalidateSession(resumable: false);
        await harness.Time.WaitForTimerAsync(TimeSpan.FromSeconds(3)).DefaultTimeout(); // 1 + 4 × jitter (0.5)
        Assert.Single(harness.Fake.Connections);
        harness.Time.Advance(TimeSpan.FromSeconds(3));
        var identify = await harness.Fake.WaitForClientOpAsync(1, 2).DefaultTimeout();

        Assert.Equal("/gateway", harness.Fake.Connections[1].Path);
        Assert.Equal(FakeDiscord.Token, identify["d"]!["token"]!.GetValue<string>());
    }

    [Fact]
    public async Task Resume_Rejected_WaitsThenIdentifiesAfresh()
    {
        await using var harness = await DiscordGatewayHarness.StartReadyAsync(fake => fake.HeartbeatIntervalMs = 41_250).DefaultTimeout();
        harness.Time.Advance(TimeSpan.FromSeconds(10)); // past the 5 s between IDENTIFYs; before the first heartbeat

        harness.Fake.ExpireSession();
        harness.Fake.Drop();
        await harness.Fake.WaitForClientOpAsync(1, 6).DefaultTimeout(); // RESUME, answered with op 9 false
        await harness.Time.WaitForTimerAsync(TimeSpan.FromSeconds(3)).DefaultTimeout();
        harness.Time.Advance(TimeSpan.FromSeconds(3));
        await harness.Fake.WaitForClientOpAsync(2, 2).DefaultTimeout();

        Assert.Equal(["/gateway", "/gateway-resume", "/gateway"], harness.Fake.Connections.Select(c => c.Path));
        harness.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm("1001", "7000", "new session"));
        await harness.Bus.WaitForInboundAsync("1001").DefaultTimeout();
        Assert.Equal(harness.Fake.SessionId, harness.Gateway.Session.SessionId);
    }

    [Theory]
    [InlineData(4007)]
    [InlineData(4009)]
    public async Task Close_SessionEnded_IdentifiesAfreshAfterTheIdentifySpacing(int code)
    {
        await using var harness = await DiscordGatewayHarness.StartReadyAsync(fake => fake.HeartbeatIntervalMs = 41_250).DefaultTimeout();

        harness.Fake.Close(code, "session gone");
        await harness.Time.WaitForTimerAsync(TimeSpan.FromSeconds(5)).DefaultTimeout(); // IDENTIFYs at least 5 s apart
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        await harness.Fake.WaitForClientOpAsync(1, 2).DefaultTimeout();

        Assert.Equal("/gateway", harness.Fake.Connections[1].Path);
    }

    [Theory]
    [InlineData(4000)]
    [InlineData(4008)]
    public async Task Close_Resumable_Resumes(int code)
    {
        await using var harness = await DiscordGatewayHarness.StartReadyAsync().DefaultTimeout();

        harness.Fake.Close(code, "try again");
        await harness.Fake.WaitForClientOpAsync(1, 6).DefaultTimeout();

        Assert.Equal("/gateway-resume", harness.Fake.Connections[1].Path);
    }

    [Theory]
    [InlineData(4004, "authentication failed")]
    [InlineData(4010, "invalid shard")]
    [InlineData(4011, "sharding required")]
    [InlineData(4012, "invalid API version")]
    [InlineData(4013, "invalid intents")]
    [InlineData(4014, "Privileged Gateway Intents")]
    public async Task Close_FatalCode_StopsReconnectingAndReportsUnhealthy(int code, string explanation)
    {
        await using var harness = await DiscordGatewayHarness.StartAsync(fake => fake.CloseOnIdentify = (code, "closed by the test")).DefaultTimeout();

        await harness.Gateway.ExecuteTask!.DefaultTimeout();
        harness.Time.Advance(TimeSpan.FromMinutes(10));

        var health = await harness.HealthAsync();
        Assert.Single(harness.Fake.Connections);
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), health.Description, StringComparison.Ordinal);
        Assert.Contains(explanation, health.Description, StringComparison.Ordinal);
        Assert.Contains(harness.Logs.Entries, e => e.EventId == 2205 && e.Level == Microsoft.Extensions.Logging.LogLevel.Critical);
    }

    [Fact]
    public async Task Dispatch_SequenceTracked_ResumeSendsTheLastOne()
    {
        await using var harness = await DiscordGatewayHarness.StartReadyAsync().DefaultTimeout();
        harness.Fake.Dispatch("GUILD_CREATE", new JsonObject { ["id"] = DiscordPayloads.GuildId, ["unavailable"] = false });
        harness.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm("1001", "7000", "x"));
        await harness.Bus.WaitForInboundAsync("1001").DefaultTimeout();

        harness.Fake.Drop();
        var resume = await harness.Fake.WaitForClientOpAsync(1, 6).DefaultTimeout();

        Assert.Equal(4, resume["d"]!["seq"]!.GetValue<long>());
    }
}
