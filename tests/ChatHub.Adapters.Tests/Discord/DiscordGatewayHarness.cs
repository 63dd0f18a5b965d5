using ChatHub.Adapters.Discord;
using ChatHub.Adapters.Discord.Gateway;
using ChatHub.Adapters.Tests.Discord.Fakes;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ChatHub.Testing.Discord;
using ChatHub.Testing.Logging;

namespace ChatHub.Adapters.Tests.Discord;

/// <summary>The gateway client (ingress role) against a loopback fake Discord, on a manual clock.</summary>
internal sealed class DiscordGatewayHarness : IAsyncDisposable
{
    private DiscordGatewayHarness(FakeDiscord fake, ServiceProvider services, ManualTimeProvider time, CapturingLoggerProvider logs)
    {
        Fake = fake;
        Services = services;
        Time = time;
        Logs = logs;
    }

    public FakeDiscord Fake { get; }

    public ServiceProvider Services { get; }

    public ManualTimeProvider Time { get; }

    public CapturingLoggerProvider Logs { get; }

    public DiscordGatewayService Gateway => Services.Gateway();

    public RecordingBus Bus => Services.GetRequiredService<RecordingBus>();

    /// <summary>Starts a fake (configured by <paramref name="configure"/>) and the gateway client, without waiting for READY.</summary>
    public static async Task<DiscordGatewayHarness> StartAsync(Action<FakeDiscord>? configure = null, IDictionary<string, string?>? settings = null, string? token = null)
    {
        var fake = await FakeDiscord.StartAsync().DefaultTimeout();
        fake.HeartbeatIntervalMs = 10_000; // first beat at 5 s (jitter 0.5), then every 10 s
        configure?.Invoke(fake);
        var time = new ManualTimeProvider();
        var logs = new CapturingLoggerProvider();
        var values = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        if (token is not null)
        {
            values["Channels:Discord:Token"] = token;
        }

        var services = DiscordServices.Build(fake, HubRole.Ingress, time, values, logs);
        var harness = new DiscordGatewayHarness(fake, services, time, logs);
        await harness.Gateway.StartAsync(CancellationToken.None).DefaultTimeout();
        return harness;
    }

    /// <summary>Starts and waits until the client identified and handled READY (a first DM has been published).</summary>
    public static async Task<DiscordGatewayHarness> StartReadyAsync(Action<FakeDiscord>? configure = null)
    {
        var harness = await StartAsync(configure).DefaultTimeout();
        await harness.Fake.WaitForClientOpAsync(0, 2).DefaultTimeout();
        harness.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm("1000", "7000", "hello"));
        await harness.Bus.WaitForInboundAsync("1000").DefaultTimeout();
        return harness;
    }

    public async Task<HealthCheckResult> HealthAsync() =>
        await Services.GetRequiredService<DiscordHealth>().CheckHealthAsync(new HealthCheckContext()).DefaultTimeout();

    public async ValueTask DisposeAsync()
    {
        await Gateway.StopAsync(CancellationToken.None).DefaultTimeout();
        await Services.DisposeAsync().AsTask().DefaultTimeout();
        await Fake.DisposeAsync().AsTask().DefaultTimeout();
    }
}
