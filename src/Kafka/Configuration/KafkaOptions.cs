using System.ComponentModel.DataAnnotations;
using System.Text;

namespace ChatHub.Kafka.Configuration;

/// <summary>
/// The Kafka bus (section <c>Kafka</c>). Setting <see cref="BootstrapServers"/> replaces the in-process bus; everything
/// else has a default. Secrets (SASL password, TLS key) go in <see cref="Client"/> and never appear in
/// <see cref="ToString()"/> or in logs.
/// </summary>
public sealed class KafkaOptions
{
    public const string SectionName = "Kafka";

    /// <summary><c>host:port[,host:port...]</c>. Empty: Kafka is not used (the in-process bus stays).</summary>
    public string? BootstrapServers { get; set; }

    /// <summary>Sent to the brokers as <c>client.id</c> (quotas, broker logs).</summary>
    [Required]
    public string ClientId { get; set; } = "chathub";

    /// <summary>Prepended to every physical topic name (one cluster, several environments: <c>staging.</c>).</summary>
    public string TopicPrefix { get; set; } = "";

    /// <summary>Per logical topic (<c>chat.inbound</c>, <c>chat.inbound.bulk</c>, <c>chat.outbound</c>, <c>chat.dlq</c>): name override and partitions.</summary>
    public Dictionary<string, KafkaTopicOptions> Topics { get; } = new(StringComparer.Ordinal);

    /// <summary>Partitions of a topic created at start when <see cref="Topics"/> does not say.</summary>
    [Range(1, 10_000)]
    public int DefaultPartitions { get; set; } = 12;

    /// <summary>Replication factor of topics created at start; -1 takes the broker's <c>default.replication.factor</c>.</summary>
    [Range(-1, 32)]
    public short ReplicationFactor { get; set; } = -1;

    /// <summary>
    /// How long a topic created at start keeps its messages (<c>retention.ms</c>), when <see cref="Topics"/> does not
    /// say: messages carry people's text, which erasure cannot reach in Kafka, so it is bounded rather than the broker's
    /// default. Long enough to outlast an outage of the consumers; existing topics are not changed (docs/security.md).
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Create missing topics at start (admin API); existing topics are never changed.</summary>
    public bool CreateTopics { get; set; } = true;

    /// <summary>Bound on admin calls (topic check and creation at start, the readiness probe).</summary>
    public TimeSpan AdminTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A partition that a client keeps on a broker other than its leader this long is taken as stuck (a librdkafka 2.16
    /// defect after a leader moves away and back, see <c>StuckPartitionDetector</c>): a consumer is then replaced by a
    /// new one (a rebalance; nothing uncommitted is lost, nothing is answered twice), a producer by a new one after the
    /// old one has delivered what it can. Found from the clients' statistics (<c>statistics.interval.ms</c>, a third of
    /// this, at most 5 s). Zero turns the check off.
    /// </summary>
    public TimeSpan StuckPartitionTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public KafkaProducerOptions Producer { get; set; } = new();

    public KafkaConsumerOptions Consumer { get; set; } = new();

    public KafkaPriorityOptions Priority { get; set; } = new();

    /// <summary>
    /// librdkafka properties passed through to every client (<c>Kafka:Client:security.protocol=SASL_SSL</c>,
    /// <c>Kafka:Client:sasl.password=...</c>, <c>Kafka:Client:ssl.ca.location=...</c>). Properties that the bus's
    /// guarantees depend on (acks, idempotence, offset commits, group id) are rejected at start.
    /// </summary>
    public Dictionary<string, string> Client { get; } = new(StringComparer.Ordinal);

    /// <summary>True when <see cref="BootstrapServers"/> is set, i.e. the Kafka bus replaces the in-process bus.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(BootstrapServers);

    /// <summary>True for librdkafka properties whose values are secrets (redacted in <see cref="ToString(bool)"/>).</summary>
    public static bool IsSecret(string property)
    {
        ArgumentNullException.ThrowIfNull(property);
        return property.Contains("password", StringComparison.OrdinalIgnoreCase)
            || property.Contains("secret", StringComparison.OrdinalIgnoreCase)
            || property.Equals("ssl.key.pem", StringComparison.OrdinalIgnoreCase)
            || property.Equals("sasl.oauthbearer.config", StringComparison.OrdinalIgnoreCase)
            || property.Equals("sasl.jaas.config", StringComparison.OrdinalIgnoreCase);
    }

    public override string ToString() => ToString(includeSecrets: false);

    /// <summary>The settings on one line, secrets replaced by <c>***</c> unless <paramref name="includeSecrets"/>.</summary>
    public string ToString(bool includeSecrets)
    {
        var text = new StringBuilder();
        text.Append("BootstrapServers=").Append(BootstrapServers)
            .Append(", ClientId=").Append(ClientId)
            .Append(", TopicPrefix=").Append(TopicPrefix)
            .Append(", DefaultPartitions=").Append(DefaultPartitions)
            .Append(", ReplicationFactor=").Append(ReplicationFactor)
            .Append(", Retention=").Append(Retention);
        foreach (var (name, value) in Client.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(", ").Append(name).Append('=').Append(includeSecrets || !IsSecret(name) ? value : "***");
        }

        return text.ToString();
    }
}
