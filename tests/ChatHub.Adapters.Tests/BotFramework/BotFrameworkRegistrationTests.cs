using ChatHub.Adapters.Abstractions;
using ChatHub.Adapters.BotFramework;
using ChatHub.Adapters.BotFramework.Ingress;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ChatHub.Testing.BotFramework;

namespace ChatHub.Adapters.Tests.BotFramework;

/// <summary>What <see cref="BotFrameworkServiceCollectionExtensions.AddBotFramework"/> registers for each role, and when it registers nothing.</summary>
public sealed class BotFrameworkRegistrationTests : IAsyncLifetime
{
    private FakeTokenIssuer _issuer = null!;

    public async Task InitializeAsync() => _issuer = await FakeTokenIssuer.StartAsync();

    public async Task DisposeAsync() => await _issuer.DisposeAsync();

    [Fact]
    public void AddBotFramework_NoAppId_NothingRegistered()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Channels:Teams:AppPassword"] = "x" }).Build();
        var services = new ServiceCollection();
        var before = services.Count;

        new ChannelAdaptersBuilder(services, configuration, new HubRoles(HubRole.All)).AddBotFramework();

        Assert.Equal(before, services.Count);
    }

    [Fact]
    public void AddBotFramework_IngressOnly_HandlerAndStartupButNoSender()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_issuer.Settings()).Build();
        var services = new ServiceCollection();

        new ChannelAdaptersBuilder(services, configuration, new HubRoles(HubRole.Ingress)).AddBotFramework();

        Assert.Contains(services, d => d.ServiceType == typeof(BotFrameworkActivityHandler));
        Assert.Contains(services, d => d.ImplementationType == typeof(BotFrameworkStartupService));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IChannelSender));
    }

    [Fact]
    public async Task AddBotFramework_EgressOnly_SenderButNoHandler()
    {
        await using var services = BotFrameworkServices.Build(_issuer, HubRole.Egress);

        Assert.Null(services.GetService<BotFrameworkActivityHandler>());
        Assert.Equal("teams", Assert.Single(services.GetServices<IChannelSender>()).Channel);
    }

    [Fact]
    public async Task AddBotFramework_CalledTwice_OneSender()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_issuer.Settings()).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        var builder = new ChannelAdaptersBuilder(services, configuration, new HubRoles(HubRole.Egress));

        builder.AddBotFramework().AddBotFramework();
        await using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IChannelSender>());
    }

    [Fact]
    public async Task AddBotFramework_HttpMetadataWithoutAllowInsecureHttp_OptionsFailNamingTheKey()
    {
        await using var services = BotFrameworkServices.Build(_issuer, HubRole.All,
            settings: new Dictionary<string, string?> { ["Channels:Teams:AllowInsecureHttp"] = "false" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<BotFrameworkOptions>>().Value);

        Assert.Contains("Channels:Teams:OpenIdMetadataUrl must use https", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeTokenIssuer.AppPassword, error.Message, StringComparison.Ordinal);
    }
}
