using System.ComponentModel.DataAnnotations;

namespace ChatHub.Kafka.Configuration;

/// <summary>One logical topic's physical name, partition count and retention (<c>Kafka:Topics:chat.inbound:Partitions=24</c>).</summary>
public sealed class KafkaTopicOptions
{
    /// <summary>The physical topic name, before <see cref="KafkaOptions.TopicPrefix"/>; default: the logical name.</summary>
    public string? Name { get; set; }

    /// <summary>Partitions when the topic is created at start; default <see cref="KafkaOptions.DefaultPartitions"/>.</summary>
    [Range(1, 10_000)]
    public int? Partitions { get; set; }

    /// <summary>How long the topic keeps messages when it is created at start; default <see cref="KafkaOptions.Retention"/>.</summary>
    public TimeSpan? Retention { get; set; }
}
