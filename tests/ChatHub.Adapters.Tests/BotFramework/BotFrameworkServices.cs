using ChatHub.Adapters.Abstractions;
using ChatHub.Adapters.BotFramework;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ChatHub.Testing.BotFramework;

namespace ChatHub.Adapters.Tests.BotFramework;

/// <summary>
/// The adapter's services as <see cref="BotFrameworkServiceCollectionExtensions.AddBotFramework"/> registers them, pointed at
/// the fakes; conversation references in <c>references</c> when given (shared by two providers: a restart, another
/// node), else in the adapter's default store of their own.
/// </summary>
internal static class BotFrameworkServices
{
    public static ServiceProvider Build(
        FakeTokenIssuer issuer, HubRole roles = HubRole.Egress, TimeProvider? time = null, IDictionary<string, string?>? settings = null,
        IConversationReferenceStore? references = null)
    {
        var values = issuer.Settings();
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

        if (references is not null)
        {
            services.AddSingleton(references);
        }

        new ChannelAdaptersBuilder(services, configuration, new HubRoles(roles)).AddBotFramework();
        return services.BuildServiceProvider(validateScopes: true);
    }
}
