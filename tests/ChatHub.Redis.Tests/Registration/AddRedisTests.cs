using ChatHub.Adapters.Abstractions;
using ChatHub.Adapters.Telegram;
using ChatHub.Adapters.Telegram.Egress;
using ChatHub.Adapters.WebChat;
using ChatHub.Conversation;
using ChatHub.Conversation.Audit;
using ChatHub.Conversation.Counters;
using ChatHub.Conversation.Idempotency;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Linking;
using ChatHub.Conversation.RateLimiting;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Sessions;
using ChatHub.Conversation.Uploads;
using ChatHub.Conversation.Usage;
using ChatHub.Conversation.Voice;
using ChatHub.Conversation.WebChat;
using ChatHub.Inference;
using ChatHub.Inference.HotQuestions;
using ChatHub.Redis.Connection;
using ChatHub.Redis.Conversation;
using ChatHub.Redis.RateLimiting;
using ChatHub.Redis.WebChat;
using ChatHub.Testing.Processes;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatHub.Redis.Tests.Registration;

/// <summary>Selection: with <c>ConnectionStrings:Redis</c> every store is on Redis; without it, the embedded defaults stay.</summary>
public sealed class AddRedisTests
{
    [Fact]
    public async Task AddRedis_WithoutConnectionString_KeepsTheEmbeddedStores()
    {
        await using var provider = BuildHub(new Dictionary<string, string?>()).BuildServiceProvider();
        Assert.IsType<InMemoryIdentityMap>(provider.GetRequiredService<IIdentityMap>());
        Assert.IsType<InMemorySessionStore>(provider.GetRequiredService<ISessionStore>());
        Assert.IsType<InMemoryWebChatTranscript>(provider.GetRequiredService<IWebChatTranscript>());
        Assert.IsType<InMemoryUploadStore>(provider.GetRequiredKeyedService<IUploadStore>(UploadKind.Images));
        Assert.IsType<InMemoryUploadStore>(provider.GetRequiredKeyedService<IUploadStore>(UploadKind.Voice));
        Assert.IsType<InMemoryUsageStore>(provider.GetRequiredService<IUsageStore>());
        Assert.IsType<InMemoryTokenBucketLimiter>(provider.GetRequiredService<ITokenBucketLimiter>());
        Assert.Null(provider.GetKeyedService<IDistributedCache>(HotQuestionCache.CacheName)); // the cache is L1 only
        Assert.IsType<DefaultHubLifetimeManager<TestHub>>(provider.GetRequiredService<HubLifetimeManager<TestHub>>());
        Assert.Null(provider.GetService<RedisConnection>());
    }

    [Fact]
    public async Task AddRedis_WithConnectionString_ReplacesEveryStore()
    {
        var services = BuildHub(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = "127.0.0.1:1,password=secret" });
        await using var provider = services.BuildServiceProvider();

        Assert.IsType<RedisIdentityMap>(provider.GetRequiredService<IIdentityMap>());
        Assert.IsType<RedisRoutingTable>(provider.GetRequiredService<IRoutingTable>());
        Assert.IsType<RedisSessionStore>(provider.GetRequiredService<ISessionStore>());
        Assert.IsType<RedisIdempotencyStore>(provider.GetRequiredService<IIdempotencyStore>());
        Assert.IsType<RedisCounterStore>(provider.GetRequiredService<ICounterStore>());
        Assert.IsType<RedisLinkCodeStore>(provider.GetRequiredService<ILinkCodeStore>());
        Assert.IsType<RedisAuditLog>(provider.GetRequiredService<IAuditLog>());
        Assert.IsType<RedisWebChatTranscript>(provider.GetRequiredService<IWebChatTranscript>());
        Assert.IsType<RedisUploadStore>(provider.GetRequiredKeyedService<IUploadStore>(UploadKind.Images));
        Assert.IsType<RedisUploadStore>(provider.GetRequiredKeyedService<IUploadStore>(UploadKind.Voice));
        Assert.IsType<RedisUsageStore>(provider.GetRequiredService<IUsageStore>());
        Assert.IsType<RedisRateLimiter>(provider.GetRequiredService<IDistributedRateLimiter>());
        Assert.Same(provider.GetRequiredService<IDistributedRateLimiter>(), provider.GetRequiredService<ITokenBucketLimiter>());
        Assert.NotNull(provider.GetKeyedService<IDistributedCache>(HotQuestionCache.CacheName)); // the cache's L2
        Assert.IsType<RedisHubLifetimeManager<TestHub>>(provider.GetRequiredService<HubLifetimeManager<TestHub>>());
        Assert.Single(services, d => d.ServiceType == typeof(ISessionStore));
        Assert.IsType<RedisConnectionStarter>(provider.GetServices<IHostedService>().First());
        Assert.Equal("127.0.0.1:1", provider.GetRequiredService<RedisConnection>().EndPoint);
    }

    [Fact]
    public async Task AddRedis_CalledBeforeEverythingElse_SameStoresAsCalledLast()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = "127.0.0.1:1",
            ["Channels:Telegram:Token"] = "123456:secret-key",
            ["Channels:Telegram:Mode"] = "polling",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSignalR();
        services.AddInference(configuration).AddHotQuestionCache();
        services.AddConversation(configuration).AddRedis(); // before the web chat and Telegram registrations
        services.AddChannelAdapters(configuration).AddWebChat().AddTelegram();
        await using var provider = services.BuildServiceProvider();

        Assert.IsType<RedisWebChatTranscript>(provider.GetRequiredService<IWebChatTranscript>());
        Assert.IsType<RedisSessionStore>(provider.GetRequiredService<ISessionStore>());
        Assert.IsType<RedisUploadStore>(provider.GetRequiredKeyedService<IUploadStore>(UploadKind.Images));
        Assert.IsType<DistributedTelegramRateLimiter>(provider.GetRequiredService<ITelegramRateLimiter>());
        Assert.IsType<RedisHubLifetimeManager<TestHub>>(provider.GetRequiredService<HubLifetimeManager<TestHub>>());
        Assert.NotNull(provider.GetKeyedService<IDistributedCache>(HotQuestionCache.CacheName));
    }

    [Theory]
    [InlineData(false, typeof(InMemoryTelegramRateLimiter))]
    [InlineData(true, typeof(DistributedTelegramRateLimiter))]
    public async Task AddRedis_WithTelegram_TelegramBudgetsAreClusterWideOnlyWithRedis(bool redis, Type expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Channels:Telegram:Token"] = "123456:secret-key",
            ["Channels:Telegram:Mode"] = "polling",
        };
        if (redis)
        {
            settings["ConnectionStrings:Redis"] = "127.0.0.1:1";
        }

        var services = BuildHub(settings);
        await using var provider = services.BuildServiceProvider();

        Assert.IsType(expected, provider.GetRequiredService<ITelegramRateLimiter>());
        Assert.Single(services, d => d.ServiceType == typeof(ITelegramRateLimiter));
    }

    [Fact]
    public async Task AddRedis_WithoutTelegram_RegistersNoTelegramLimiter()
    {
        await using var provider = BuildHub(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = "127.0.0.1:1" }).BuildServiceProvider();
        Assert.Null(provider.GetService<ITelegramRateLimiter>());
    }

    [Fact]
    public async Task AddRedis_KeyPrefix_IsConfigurable()
    {
        await using var provider = BuildHub(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = "127.0.0.1:1",
            ["Redis:KeyPrefix"] = "tenant7:",
        }).BuildServiceProvider();
        Assert.Equal("tenant7:session:u1", provider.GetRequiredService<RedisKeyspace>().Key("session", "u1"));
    }

    [Theory]
    [InlineData("127.0.0.1:notaport", "ConnectionStrings:Redis is not valid")]
    [InlineData("127.0.0.1:6379,password=hunter2,db=1", "ConnectionStrings:Redis is not valid")]
    [InlineData("127.0.0.1:6379,password=hunter2,connectTimeout=hunter2", "ConnectionStrings:Redis is not valid")]
    [InlineData("password=hunter2", "ConnectionStrings:Redis is not valid")]
    public async Task StartAsync_BadConnectionString_StopsTheHostWithoutShowingThePassword(string connectionString, string expected)
    {
        using var host = BuildHost(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = connectionString });
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().DefaultTimeout());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_BadKeyPrefix_StopsTheHost()
    {
        using var host = BuildHost(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = "127.0.0.1:1", ["Redis:KeyPrefix"] = "bad prefix*" });
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().DefaultTimeout());
        Assert.Contains("Redis:KeyPrefix", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_RedisUnreachable_StartsNotReady_ThenReadyOnceRedisIsUp()
    {
        await using var server = await RespServerProcess.StartAsync("redis", password: "hunter2", start: false);
        using var host = BuildHost(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = $"127.0.0.1:{server.Port},password=hunter2,connectTimeout=2000",
        });
        await host.StartAsync().DefaultTimeout();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        var redis = host.Services.GetRequiredService<RedisConnection>();

        var down = await health.CheckHealthAsync(c => c.Tags.Contains("ready")).DefaultTimeout();
        Assert.Equal(HealthStatus.Unhealthy, down.Entries["redis"].Status);
        Assert.DoesNotContain("hunter2", down.Entries["redis"].Description, StringComparison.Ordinal);
        var failFast = await Assert.ThrowsAsync<StackExchange.Redis.RedisConnectionException>(
            async () => await host.Services.GetRequiredService<ISessionStore>().GetAsync("u", default)).DefaultTimeout();
        Assert.True(new RedisTransientFailureRule().IsTransient(failFast));

        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        redis.Multiplexer.ConnectionRestored += (_, e) =>
        {
            // Commands go over the interactive connection; the subscription connection may come back first.
            if (e.ConnectionType == StackExchange.Redis.ConnectionType.Interactive)
            {
                connected.TrySetResult();
            }
        };
        await server.StartAsync().DefaultTimeout();
        await connected.Task.DefaultTimeout(); // the same multiplexer connects by itself: no restart of the host
        var up = await health.CheckHealthAsync(c => c.Tags.Contains("ready")).DefaultTimeout();
        Assert.Equal(HealthStatus.Healthy, up.Entries["redis"].Status);
        Assert.Empty(await host.Services.GetRequiredService<ISessionStore>().GetAsync("u", default).DefaultTimeout());
        await host.StopAsync().DefaultTimeout();
    }

    private static ServiceCollection BuildHub(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        AddHubServices(services, configuration);
        return services;
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        AddHubServices(builder.Services, builder.Configuration);
        return builder.Build();
    }

    /// <summary>The hub's registration order (src/Hub/Extensions/ChatHubApplication.cs).</summary>
    private static void AddHubServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddConversation(configuration).AddRedis();
        services.AddChannelAdapters(configuration).AddWebChat().AddTelegram(); // Telegram: only with a token
        services.AddSingleton<IWebChatClients, NoWebChatClients>(); // the Hub supplies SignalR's
        services.AddInference(configuration).AddHotQuestionCache();
        services.AddSignalR(); // after AddRedis: the order does not matter
    }

    private sealed class TestHub : Hub;

    private sealed class NoWebChatClients : IWebChatClients
    {
        public Task SendReplyAsync(string conversationId, WebChatReply reply, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task SendTypingAsync(string conversationId, bool active, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task SendVoiceAsync(string conversationId, string replyId, SpokenAudio audio, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
