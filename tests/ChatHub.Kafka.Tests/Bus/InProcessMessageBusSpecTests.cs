using ChatHub.Conversation.Bus;
using ChatHub.Kafka.Tests.Specs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Partitioner = ChatHub.Conversation.Bus.Partitioner;

namespace ChatHub.Kafka.Tests.Bus;

/// <summary>The bus contract on the embedded backend (the fake the Kafka bus must behave like).</summary>
public sealed class InProcessMessageBusSpecTests : MessageBusSpec
{
    private const int Partitions = 4;
    private const int Capacity = 1024;

    protected override BusTopic<int> Topic { get; } = new("spec.numbers");

    protected override Task<IMessageBus> CreateBusAsync() =>
        Task.FromResult<IMessageBus>(new InProcessMessageBus(
            Options.Create(new InProcessBusOptions { Partitions = Partitions, PartitionCapacity = Capacity, DrainTimeout = TimeSpan.FromSeconds(10) }),
            TimeProvider.System,
            NullLogger<InProcessMessageBus>.Instance));

    protected override (string A, string B) IndependentKeys()
    {
        // One consumer loop per partition: the keys must be in different partitions.
        for (var i = 1; ; i++)
        {
            if (Partitioner.PartitionOf("key-0", Partitions) != Partitioner.PartitionOf($"key-{i}", Partitions))
            {
                return ("key-0", $"key-{i}");
            }
        }
    }

    protected override async Task<IAsyncDisposable> StopAcceptingAsync(string key)
    {
        // Fill the key's partition: the next publish waits until a consumer makes room.
        for (var i = 0; i < Capacity; i++)
        {
            await Bus.PublishAsync(Topic, key, -1, CancellationToken.None);
        }

        return new Nothing();
    }

    private sealed class Nothing : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
