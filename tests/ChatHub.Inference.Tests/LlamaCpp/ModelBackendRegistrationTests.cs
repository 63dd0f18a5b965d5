using ChatHub.Inference.Abstractions;
using ChatHub.Inference.Concurrency;
using ChatHub.Inference.Fallback;
using ChatHub.Inference.LlamaCpp;
using ChatHub.Inference.OpenAiCompatible;
using ChatHub.Inference.Resilience;
using ChatHub.Inference.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ChatHub.Testing.OpenAi;

namespace ChatHub.Inference.Tests.LlamaCpp;

[Collection(LlamaCollection.Name)]
public sealed class ModelBackendRegistrationTests(LlamaFixture fixture)
{
    [Fact]
    public async Task AddLlamaCppAndOpenAi_NeitherConfigured_ModelSlotStaysTheFallback()
    {
        using var host = Build([]);
        await host.StartAsync().DefaultTimeout();

        var model = host.Services.GetRequiredKeyedService<IChatClient>(InferenceServiceKeys.Model);

        Assert.IsType<FallbackChatClient>(model);
        await host.StopAsync().DefaultTimeout();
    }

    [Fact]
    public async Task AddLlamaCpp_GeneratedModel_AnswersFromTheModelBehindTheResilienceLayer()
    {
        using var host = Build(new()
        {
            ["Inference:Model:Path"] = fixture.TinyModelPath,
            ["Inference:Model:Threads"] = "1",
            ["Inference:Model:ContextSize"] = "256",
            ["Inference:Model:MaxSequences"] = "2",
            ["Inference:Model:MaxTokens"] = "8",
        });
        await host.StartAsync().DefaultTimeout();

        var model = host.Services.GetRequiredKeyedService<IChatClient>(InferenceServiceKeys.Model);
        var response = await host.Services.GetRequiredService<IChatClient>().GetResponseAsync(Messages.Ask("hello")).DefaultTimeout();

        Assert.IsType<ConcurrencyLimitedChatClient>(model); // the node's limit, outside the resilience layer
        Assert.NotNull(model.GetService<ResilientChatClient>());
        Assert.NotNull(model.GetService<LlamaCppChatClient>());
        Assert.Equal(ReplySources.Model, response.GetSource());
        Assert.NotEmpty(response.Text);
        await host.StopAsync().DefaultTimeout();
    }

    [Fact]
    public async Task AddLlamaCpp_MissingModelFile_HostStartFailsNamingThePath()
    {
        using var host = Build(new() { ["Inference:Model:Path"] = "/nonexistent/model.gguf" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync()).DefaultTimeout();

        Assert.Contains("/nonexistent/model.gguf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddLlamaCpp_MoreThreadsThanCores_HostStartFails()
    {
        using var host = Build(new()
        {
            ["Inference:Model:Path"] = fixture.TinyModelPath,
            ["Inference:Model:Threads"] = (Environment.ProcessorCount + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync()).DefaultTimeout();

        Assert.Contains("Threads", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddOpenAiCompatible_Endpoint_PutsTheOpenAiClientInTheModelSlot()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        using var host = Build(new()
        {
            ["Inference:OpenAI:Endpoint"] = server.Endpoint.ToString(),
            ["Inference:OpenAI:Model"] = "fake-model",
        });
        await host.StartAsync().DefaultTimeout();

        var response = await host.Services.GetRequiredService<IChatClient>().GetResponseAsync(Messages.Ask("hi")).DefaultTimeout();

        Assert.NotNull(host.Services.GetRequiredKeyedService<IChatClient>(InferenceServiceKeys.Model).GetService<OpenAiCompatibleChatClient>());
        Assert.Equal("Hello from the fake", response.Text);
        Assert.Equal(ReplySources.Model, response.GetSource());
        await host.StopAsync().DefaultTimeout();
    }

    [Fact]
    public async Task AddOpenAiCompatible_ConcurrencyLimitZero_NoLimiterAroundTheBackend()
    {
        using var host = Build(new()
        {
            ["Inference:OpenAI:Endpoint"] = "http://localhost:8000/v1",
            ["Inference:OpenAI:Model"] = "m",
            ["Inference:Concurrency:MaxConcurrentGenerations"] = "0",
        });
        await host.StartAsync().DefaultTimeout();

        Assert.IsType<ResilientChatClient>(host.Services.GetRequiredKeyedService<IChatClient>(InferenceServiceKeys.Model));
        await host.StopAsync().DefaultTimeout();
    }

    [Fact]
    public void AddOpenAiCompatible_AfterALocalModel_ThrowsNamingBothSettings()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new()
        {
            ["Inference:Model:Path"] = fixture.TinyModelPath,
            ["Inference:OpenAI:Endpoint"] = "http://localhost:8000/v1",
            ["Inference:OpenAI:Model"] = "m",
        }));

        Assert.Contains("Inference:Model:Path", error.Message, StringComparison.Ordinal);
        Assert.Contains("Inference:OpenAI:Endpoint", error.Message, StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddInference(builder.Configuration).AddLlamaCpp().AddOpenAiCompatible();
        return builder.Build();
    }
}
