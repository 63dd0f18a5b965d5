using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Messages;
using System.Globalization;
using ChatHub.Kafka.Configuration;
using Confluent.Kafka.Admin;

namespace ChatHub.Kafka.Topology;

/// <summary>
/// Logical bus topics (<see cref="Topics"/>) to physical Kafka topics: name overrides, the prefix, partition counts,
/// and the bulk lane of the inbound topic (inbound messages are the only ones with a <see cref="MessagePriority"/>).
/// </summary>
internal sealed class KafkaTopology
{
    private readonly KafkaOptions _options;

    public KafkaTopology(KafkaOptions options) => _options = options;

    /// <summary>The physical name of a logical topic.</summary>
    public string Physical(string logical) =>
        _options.TopicPrefix + (_options.Topics.TryGetValue(logical, out var topic) && topic.Name is { Length: > 0 } name ? name : logical);

    public int Partitions(string logical) =>
        _options.Topics.TryGetValue(logical, out var topic) && topic.Partitions is { } partitions ? partitions : _options.DefaultPartitions;

    public TimeSpan Retention(string logical) =>
        _options.Topics.TryGetValue(logical, out var topic) && topic.Retention is { } retention ? retention : _options.Retention;

    /// <summary>How a missing topic is created: name, partitions, replication factor and a bounded <c>retention.ms</c>.</summary>
    public TopicSpecification Specification(string logical) => new()
    {
        Name = Physical(logical),
        NumPartitions = Partitions(logical),
        ReplicationFactor = _options.ReplicationFactor,
        Configs = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["retention.ms"] = ((long)Retention(logical).TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        },
    };

    /// <summary>The logical name of a topic's bulk lane, or null when the topic has none.</summary>
    public string? BulkLane<T>(BusTopic<T> topic) =>
        _options.Priority.Enabled && typeof(T) == typeof(InboundMessage) ? topic.Name + _options.Priority.BulkSuffix : null;

    /// <summary>The logical topic a message goes to: the bulk lane for bulk inbound messages.</summary>
    public string PublishLane<T>(BusTopic<T> topic, T value) =>
        value is InboundMessage { Priority: MessagePriority.Bulk } && BulkLane(topic) is { } bulk ? bulk : topic.Name;

    /// <summary>The physical topics a consumer of <paramref name="topic"/> subscribes to, with their lanes.</summary>
    public IReadOnlyList<(string Logical, string Physical, TopicLane Lane)> Subscription<T>(BusTopic<T> topic)
    {
        var topics = new List<(string, string, TopicLane)> { (topic.Name, Physical(topic.Name), TopicLane.Interactive) };
        if (BulkLane(topic) is { } bulk)
        {
            topics.Add((bulk, Physical(bulk), TopicLane.Bulk));
        }

        return topics;
    }

    /// <summary>The logical topics created at start: the hub's three, the bulk lane, and any named in <c>Kafka:Topics</c>.</summary>
    public IReadOnlyList<string> StandardTopics()
    {
        var names = new List<string> { Topics.Inbound.Name };
        if (BulkLane(Topics.Inbound) is { } bulk)
        {
            names.Add(bulk);
        }

        names.Add(Topics.Outbound.Name);
        names.Add(Topics.DeadLetters.Name);
        names.AddRange(_options.Topics.Keys.Where(k => !names.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal));
        return names;
    }
}
