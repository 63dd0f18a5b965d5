using ChatHub.Inference.Abstractions;
using ChatHub.Inference.Fallback;
using ChatHub.Inference.HotQuestions;
using ChatHub.Inference.Knowledge;
using ChatHub.Inference.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatHub.Inference.Tests;

public sealed class InferenceServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddInference_NoLayers_DefaultClientIsFallback()
    {
        var services = new ServiceCollection();
        services.AddInference(new ConfigurationBuilder().Build());
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IChatClient>();
        var response = await client.GetResponseAsync(Messages.Ask("anything")).DefaultTimeout();

        Assert.IsType<FallbackChatClient>(client);
        Assert.Same(client, provider.GetRequiredKeyedService<IChatClient>(InferenceServiceKeys.Model));
        Assert.Equal(ReplySources.System, response.GetSource());
    }

    [Fact]
    public async Task AddInference_AllLayers_ComposesCacheOverKnowledgeOverModel()
    {
        using var host = BuildHost();
        await host.StartAsync().DefaultTimeout();
        try
        {
            var client = host.Services.GetRequiredService<IChatClient>();

            Assert.IsType<HotQuestionChatClient>(client);
            Assert.NotNull(client.GetService<KnowledgeChatClient>());
            Assert.NotNull(client.GetService<FallbackChatClient>());
        }
        finally
        {
            await host.StopAsync().DefaultTimeout();
        }
    }

    [Fact]
    public async Task AddHotQuestionCache_WithoutKnowledgeBase_StartsAndCachesNothingFromFallback()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddInference(builder.Configuration).AddHotQuestionCache();
        using var host = builder.Build();
        await host.StartAsync().DefaultTimeout();
        try
        {
            var client = host.Services.GetRequiredService<IChatClient>();
            var response = await client.GetResponseAsync(Messages.Ask("What is ChatHub?")).DefaultTimeout();

            Assert.IsType<HotQuestionChatClient>(client);
            Assert.Null(client.GetService<KnowledgeChatClient>());
            Assert.Equal(ReplySources.System, response.GetSource());
            Assert.Equal(0, host.Services.GetRequiredService<HotQuestionL1>().Count);
        }
        finally
        {
            await host.StopAsync().DefaultTimeout();
        }
    }

    [Fact]
    public async Task StartAsync_ShippedKnowledgeBase_WarmsCacheAndAnswersWhatIsChatHub()
    {
        using var host = BuildHost();
        await host.StartAsync().DefaultTimeout();
        try
        {
            var client = host.Services.GetRequiredService<IChatClient>();
            var expected = host.Services.GetRequiredService<KnowledgeBase>().Entries.Single(entry => entry.Question == "What is ChatHub?").Answer;

            var cached = await client.GetResponseAsync(Messages.Ask("What is ChatHub?")).DefaultTimeout();
            var inContext = await client.GetResponseAsync(Messages.Conversation(
                (ChatRole.User, "hello"), (ChatRole.Assistant, "Hi!"), (ChatRole.User, "What is ChatHub?"))).DefaultTimeout();
            var unknown = await client.GetResponseAsync(Messages.Ask("Can you recommend a good pizza recipe?")).DefaultTimeout();

            Assert.Equal(expected, cached.Text);
            Assert.Equal(ReplySources.Cache, cached.GetSource());
            Assert.Equal(expected, inContext.Text);
            Assert.Equal(ReplySources.Knowledge, inContext.GetSource());
            Assert.Equal(FallbackChatClient.DefaultReply, unknown.Text);
            Assert.Equal(ReplySources.System, unknown.GetSource());
        }
        finally
        {
            await host.StopAsync().DefaultTimeout();
        }
    }

    [Fact]
    public async Task StartAsync_MissingKnowledgeBaseFile_FailsWithClearMessage()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"chathub-missing-{Guid.NewGuid():N}.md");
        using var host = BuildHost(new() { ["Inference:Knowledge:Path"] = missing });

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync()).DefaultTimeout();

        Assert.Contains(missing, exception.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Inference:Knowledge:MinConfidence", "1.5")]
    [InlineData("Inference:HotQuestions:MaxEntries", "0")]
    [InlineData("Inference:HotQuestions:Ttl", "00:00:00")]
    [InlineData("Inference:HotQuestions:TtlJitter", "-0.1")]
    public async Task StartAsync_InvalidOption_Fails(string key, string value)
    {
        using var host = BuildHost(new() { [key] = value });

        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync()).DefaultTimeout();
    }

    [Fact]
    public async Task AddInference_ModelRegisteredUnderKey_ReplacesFallback()
    {
        var model = new StubChatClient("from the model", source: null);
        using var host = BuildHost(configure: services => services.AddKeyedSingleton<IChatClient>(InferenceServiceKeys.Model, model));
        await host.StartAsync().DefaultTimeout();
        try
        {
            var response = await host.Services.GetRequiredService<IChatClient>()
                .GetResponseAsync(Messages.Ask("Can you recommend a good pizza recipe?")).DefaultTimeout();

            Assert.Equal("from the model", response.Text);
            Assert.Equal(ReplySources.Model, response.GetSource());
            Assert.Equal(1, model.Calls);
        }
        finally
        {
            await host.StopAsync().DefaultTimeout();
        }
    }

    [Fact]
    public void AddInference_CalledTwice_RegistersOneClientAndOneWarmup()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().Build();
        services.AddInference(configuration).AddKnowledgeBase().AddHotQuestionCache();
        services.AddInference(configuration).AddKnowledgeBase().AddHotQuestionCache();

        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(IChatClient) && !descriptor.IsKeyedService);
        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(IChatClient) && descriptor.IsKeyedService);
        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(HotQuestionCache));
        Assert.Single(services, descriptor => descriptor.ImplementationType == typeof(HotQuestionWarmupService));
    }

    private static IHost BuildHost(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Services.AddInference(builder.Configuration).AddKnowledgeBase().AddHotQuestionCache();
        configure?.Invoke(builder.Services);
        return builder.Build();
    }
}
