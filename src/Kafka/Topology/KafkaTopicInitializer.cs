using ChatHub.Conversation.Bus;
using ChatHub.Kafka.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatHub.Kafka.Topology;

/// <summary>Creates the hub's topics at start when Kafka is configured (the bus also checks each topic on first use).</summary>
internal sealed class KafkaTopicInitializer : IHostedService
{
    private readonly IMessageBus _bus;
    private readonly KafkaOptions _options;

    public KafkaTopicInitializer(IMessageBus bus, IOptions<KafkaOptions> options)
    {
        _bus = bus;
        _options = options.Value;
    }

    public Task StartAsync(CancellationToken cancellationToken) =>
        _options.IsConfigured && _bus is KafkaMessageBus kafka ? kafka.EnsureTopicsAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
