using Confluent.Kafka;
using ChatHub.Testing.Kafka;

namespace ChatHub.Kafka.Tests.Infrastructure;

/// <summary>
/// librdkafka comes from the librdkafka.redist package (no operating-system package), and the mock cluster's
/// functions are bound in the very file Confluent.Kafka loaded.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class LibrdkafkaTests(KafkaClusterFixture fixture)
{
    [Fact]
    public void Load_TheClient_UsesTheBundledLibrdkafka216()
    {
        Assert.NotNull(fixture.Cluster.BootstrapServers);
        var path = MockKafkaCluster.LoadedLibraryPath;

        Assert.Equal("2.16.0", Library.VersionString);
        Assert.NotNull(path);
        var expectedFolder = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        Assert.Equal(Path.GetFullPath(expectedFolder), Path.GetDirectoryName(Path.GetFullPath(path)));
    }
}
