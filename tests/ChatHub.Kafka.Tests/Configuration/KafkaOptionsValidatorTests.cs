using ChatHub.Kafka.Configuration;

namespace ChatHub.Kafka.Tests.Configuration;

public sealed class KafkaOptionsValidatorTests
{
    private static readonly KafkaOptionsValidator Validator = new();

    [Fact]
    public void Validate_NotConfigured_Succeeds()
    {
        var options = new KafkaOptions { DefaultPartitions = 0 }; // not checked: Kafka is not used
        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_Defaults_Succeed() =>
        Assert.True(Validator.Validate(null, new KafkaOptions { BootstrapServers = "kafka-0:9092,kafka-1:9092" }).Succeeded);

    [Theory]
    [InlineData("enable.auto.commit")]
    [InlineData("enable.idempotence")]
    [InlineData("acks")]
    [InlineData("group.id")]
    [InlineData("auto.offset.reset")]
    public void Validate_ReservedClientProperty_Fails(string property)
    {
        var options = new KafkaOptions { BootstrapServers = "localhost:9092" };
        options.Client[property] = "x";

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(property, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadValues_EachNamed()
    {
        var options = new KafkaOptions { BootstrapServers = "localhost", TopicPrefix = "bad prefix", DefaultPartitions = 0, Retention = TimeSpan.Zero, StuckPartitionTimeout = TimeSpan.FromSeconds(-1) };
        options.Consumer.SessionTimeout = TimeSpan.Zero;
        options.Consumer.MaxInFlight = 0;
        options.Priority.BulkWeight = 0;
        options.Topics["chat.inbound"] = new KafkaTopicOptions { Name = "with space", Partitions = 0 };
        options.Topics["chat.dlq"] = new KafkaTopicOptions { Retention = TimeSpan.FromDays(-1) };

        var failure = Validator.Validate(null, options).FailureMessage;

        foreach (var expected in new[]
        {
            "BootstrapServers", "TopicPrefix", "DefaultPartitions", "SessionTimeout", "Kafka:Consumer: The field MaxInFlight",
            "Kafka:Priority: The field BulkWeight", "Kafka:Topics:chat.inbound: The field Partitions", "with space' is not a valid topic name",
            "Kafka:Retention", "Kafka:Topics:chat.dlq:Retention", "Kafka:StuckPartitionTimeout",
        })
        {
            Assert.Contains(expected, failure, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ToString_SecretsInClientProperties_Redacted()
    {
        var options = new KafkaOptions { BootstrapServers = "broker:9093" };
        options.Client["security.protocol"] = "SASL_SSL";
        options.Client["sasl.username"] = "hub";
        options.Client["sasl.password"] = "hunter2";
        options.Client["ssl.key.password"] = "s3cret";

        var text = options.ToString();

        Assert.Contains("sasl.username=hub", text, StringComparison.Ordinal);
        Assert.Contains("sasl.password=***", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
        Assert.Contains("hunter2", options.ToString(includeSecrets: true), StringComparison.Ordinal);
    }
}
