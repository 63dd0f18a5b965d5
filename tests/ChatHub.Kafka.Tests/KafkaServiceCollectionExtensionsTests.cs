using ChatHub.Conversation;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Pipeline;
using ChatHub.Kafka.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ChatHub.Kafka.Tests;

public sealed class KafkaServiceCollectionExtensionsTests
{
    [Fact]
    public void AddKafkaMessageBus_BootstrapServersSet_ReplacesTheInProcessBusAndAllowsPartialRoles()
    {
        using var provider = Build(new() { ["Kafka:BootstrapServers"] = "localhost:9092", ["Hub:Roles"] = "worker" });

        Assert.IsType<KafkaMessageBus>(provider.GetRequiredService<IMessageBus>());
        Assert.Equal("worker", provider.GetRequiredService<IOptions<HubOptions>>().Value.Roles); // validation passes
    }

    [Fact]
    public void AddKafkaMessageBus_NotConfigured_KeepsTheInProcessBusAndItsRoleRule()
    {
        using var provider = Build(new() { ["Hub:Roles"] = "worker" });

        Assert.IsType<InProcessMessageBus>(provider.GetRequiredService<IMessageBus>());
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<HubOptions>>().Value);
        Assert.Contains("Kafka:BootstrapServers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddKafkaMessageBus_ReservedClientProperty_FailsValidation()
    {
        using var provider = Build(new() { ["Kafka:BootstrapServers"] = "localhost:9092", ["Kafka:Client:enable.auto.commit"] = "false" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<KafkaOptions>>().Value);
        Assert.Contains("enable.auto.commit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddKafkaMessageBus_Binding_TopicsLanesAndClientPassThrough()
    {
        using var provider = Build(new()
        {
            ["Kafka:BootstrapServers"] = "localhost:9092",
            ["Kafka:Topics:chat.inbound:Partitions"] = "24",
            ["Kafka:Topics:chat.dlq:Name"] = "hub-dead-letters",
            ["Kafka:Consumer:MaxInFlight"] = "64",
            ["Kafka:Priority:BulkWeight"] = "2",
            ["Kafka:Client:security.protocol"] = "SASL_SSL",
        });

        var options = provider.GetRequiredService<IOptions<KafkaOptions>>().Value;
        Assert.Equal(24, options.Topics["chat.inbound"].Partitions);
        Assert.Equal("hub-dead-letters", options.Topics["chat.dlq"].Name);
        Assert.Equal(64, options.Consumer.MaxInFlight);
        Assert.Equal(2, options.Priority.BulkWeight);
        Assert.Equal("SASL_SSL", options.Client["security.protocol"]);
    }

    [Fact]
    public async Task HealthCheck_NotConfigured_Healthy()
    {
        using var provider = Build([]);
        var result = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "kafka");

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Contains("ready", result.Entries["kafka"].Tags);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddConversation(configuration).AddKafkaMessageBus();
        return services.BuildServiceProvider();
    }
}
