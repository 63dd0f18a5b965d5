namespace ChatHub.Kafka.Tests.Infrastructure;

/// <summary>The Kafka tests share one mock cluster and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class KafkaCollection : ICollectionFixture<KafkaClusterFixture>
{
    public const string Name = "kafka";
}
