using ChatHub.Testing.Kafka;

namespace ChatHub.Kafka.Tests.Infrastructure;

/// <summary>
/// One mock cluster (3 brokers) for every Kafka test. The tests of the collection run one at a time (some take
/// brokers down); each uses its own topic prefix and consumer groups, so they do not see each other's records.
/// </summary>
public sealed class KafkaClusterFixture : IDisposable
{
    private int _next;

    public MockKafkaCluster Cluster { get; } = new(brokers: 3);

    /// <summary>A prefix no other test uses, e.g. <c>t7-</c>.</summary>
    public string NewPrefix() => $"t{Interlocked.Increment(ref _next)}-";

    public void Dispose() => Cluster.Dispose();
}
