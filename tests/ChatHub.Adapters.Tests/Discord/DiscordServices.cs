using ChatHub.Adapters.Abstractions;
using ChatHub.Adapters.Discord;
using ChatHub.Adapters.Discord.Gateway;
using ChatHub.Adapters.Tests.Discord.Fakes;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Idempotency;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ChatHub.Testing.Discord;
using ChatHub.Testing.Logging;

namespace ChatHub.Adapters.Tests.Discord;

/// <summary>
/// The adapter's services as <see cref="DiscordServiceCollectionExtensions.AddDiscord"/> registers them, pointed at a
/// fake, with the real <see cref="InboundPublisher"/> (validation, de-duplication) over a <see cref="RecordingBus"/>,
/// a capturing logger, and the gateway's jitter fixed at 0.5 (first heartbeat at half the interval, op 9 waits 3 s).
/// </summary>
internal static class DiscordServices
{
    public static ServiceProvider Build(
        FakeDiscord fake, HubRole roles = HubRole.Egress, TimeProvider? time = null, IDictionary<string, string?>? settings = null,
        CapturingLoggerProvider? logs = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Channels:Discord:Token"] = FakeDiscord.Token,
            ["Channels:Discord:ApiBaseUrl"] = fake.ApiBaseUrl.ToString(),
            ["Channels:Discord:RetryBaseDelay"] = "00:00:00.010",
            ["Channels:Discord:RetryMaxDelay"] = "00:00:00.050",
            ["Channels:Discord:RequestTimeout"] = "00:00:05",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(builder =>
        {
            builder.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null)
            {
                builder.AddProvider(logs);
            }
        });
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(new HubRoles(roles));
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddOptions<HubOptions>();
        services.AddSingleton<RecordingBus>();
        services.AddSingleton<IMessageBus>(sp => sp.GetRequiredService<RecordingBus>());
        services.AddSingleton<IIdempotencyStore, InMemoryIdempotencyStore>();
        services.AddSingleton<ReplyWaiters>();
        services.AddSingleton<IInboundPublisher, InboundPublisher>();
        services.AddSingleton(new GatewayJitter(() => 0.5));

        new ChannelAdaptersBuilder(services, configuration, new HubRoles(roles)).AddDiscord();
        return services.BuildServiceProvider(validateScopes: true);
    }

    public static DiscordGatewayService Gateway(this IServiceProvider services) =>
        services.GetServices<IHostedService>().OfType<DiscordGatewayService>().Single();
}
