using ChatHub.Adapters.Abstractions;
using ChatHub.Adapters.Telegram;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ChatHub.Testing.Telegram;

namespace ChatHub.Adapters.Tests.Telegram;

/// <summary>The adapter's services as <see cref="TelegramServiceCollectionExtensions.AddTelegram"/> registers them, pointed at a fake.</summary>
internal static class TelegramServices
{
    public static ServiceProvider Build(
        FakeBotApi fake, HubRole roles = HubRole.Egress, TimeProvider? time = null, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Channels:Telegram:Token"] = FakeBotApi.Token,
            ["Channels:Telegram:ApiBaseUrl"] = fake.BaseAddress.ToString(),
            ["Channels:Telegram:Mode"] = "polling",
            ["Channels:Telegram:RetryBaseDelay"] = "00:00:00.010",
            ["Channels:Telegram:RetryMaxDelay"] = "00:00:00.050",
            ["Channels:Telegram:RequestTimeout"] = "00:00:05",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(new HubRoles(roles));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        new ChannelAdaptersBuilder(services, configuration, new HubRoles(roles)).AddTelegram();
        return services.BuildServiceProvider(validateScopes: true);
    }
}
