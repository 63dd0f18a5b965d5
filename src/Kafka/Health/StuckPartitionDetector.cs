using System.Text.Json;
using ChatHub.Kafka.Configuration;

namespace ChatHub.Kafka.Health;

/// <summary>
/// Finds a partition that a librdkafka client keeps on a broker which is not the partition's leader. librdkafka 2.16
/// can leave a partition there for good: when its leader moves from A to B and back to A before the partition has
/// left A, the client records A as the leader but finishes the move to B, and its rule for fetching from a preferred
/// replica then keeps it on B. Every fetch (or produce) fails with NOT_LEADER_FOR_PARTITION, no error reaches the
/// application, and the partition is silently never consumed again (librdkafka issue 3399, fix proposed in pull
/// request 5593). Seen here when every partition's leader moved three times in a row on the mock cluster.
/// </summary>
/// <remarks>
/// Fed the client's statistics (<c>statistics.interval.ms</c>), whose per-partition <c>broker</c> is the broker the
/// client actually uses and <c>leader</c> the one it believes leads. A move under way shows the same picture for a
/// moment; a partition away from its leader for <see cref="After"/> is reported. Not for consumers that fetch from
/// followers (<c>client.rack</c>), where a partition on another broker than its leader is intended. One client's
/// statistics only, from one thread at a time.
/// </remarks>
internal sealed class StuckPartitionDetector
{
    private readonly Dictionary<(string Topic, int Partition), DateTimeOffset> _since = [];
    private readonly HashSet<(string Topic, int Partition)> _seen = [];
    private readonly TimeProvider _time;
    private readonly bool _assignedOnly;

    /// <param name="after">How long a partition may stay away from its leader before it is reported.</param>
    /// <param name="time">The clock.</param>
    /// <param name="assignedOnly">Consumers: only partitions the client was asked for (<c>desired</c>); producers: every partition.</param>
    public StuckPartitionDetector(TimeSpan after, TimeProvider time, bool assignedOnly)
    {
        After = after;
        _time = time;
        _assignedOnly = assignedOnly;
    }

    public TimeSpan After { get; }

    /// <summary>
    /// The detector for one client, or null when the check is off (<c>Kafka:StuckPartitionTimeout</c> zero) or, for a
    /// consumer, when it fetches from followers (<c>client.rack</c>), where a partition away from its leader is intended.
    /// </summary>
    public static StuckPartitionDetector? For(KafkaOptions options, TimeProvider time, bool consumer)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.StuckPartitionTimeout <= TimeSpan.Zero || (consumer && options.Client.ContainsKey("client.rack"))
            ? null
            : new StuckPartitionDetector(options.StuckPartitionTimeout, time, assignedOnly: consumer);
    }

    /// <summary>How often a client should report statistics for a partition to be found within about <paramref name="after"/>.</summary>
    public static TimeSpan StatisticsInterval(TimeSpan after) =>
        TimeSpan.FromMilliseconds(Math.Clamp(after.TotalMilliseconds / 3, 100, 5_000));

    /// <summary>Reads one statistics report; the first partition away from its leader for <see cref="After"/>, or null.</summary>
    public StuckPartition? Observe(string statistics)
    {
        var now = _time.GetUtcNow();
        _seen.Clear();
        StuckPartition? stuck = null;
        try
        {
            using var document = JsonDocument.Parse(statistics);
            if (Property(document.RootElement, "topics") is { ValueKind: JsonValueKind.Object } topics)
            {
                foreach (var topic in topics.EnumerateObject())
                {
                    if (Property(topic.Value, "partitions") is not { ValueKind: JsonValueKind.Object } partitions)
                    {
                        continue;
                    }

                    foreach (var entry in partitions.EnumerateObject())
                    {
                        if (AwayFromLeader(entry.Value) is not var (partition, broker, leader))
                        {
                            continue;
                        }

                        var key = (topic.Name, partition);
                        _seen.Add(key);
                        if (!_since.TryGetValue(key, out var since))
                        {
                            _since[key] = since = now;
                        }

                        if (stuck is null && now - since >= After)
                        {
                            stuck = new StuckPartition(topic.Name, partition, broker, leader, now - since);
                        }
                    }
                }
            }
        }
        catch (JsonException)
        {
            return null; // not statistics as documented: nothing to conclude (the partitions seen so far keep their times)
        }

        // A partition back on its leader (or gone) starts from zero if it leaves again.
        foreach (var key in _since.Keys.Where(k => !_seen.Contains(k)).ToList())
        {
            _since.Remove(key);
        }

        return stuck;
    }

    private (int Partition, int Broker, int Leader)? AwayFromLeader(JsonElement partition)
    {
        if (partition.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var id = Int(partition, "partition");
        var broker = Int(partition, "broker");
        var leader = Int(partition, "leader");

        // -1: the unassigned-messages partition, the internal broker (no broker), or no known leader.
        if (id < 0 || broker < 0 || leader < 0 || broker == leader)
        {
            return null;
        }

        if (_assignedOnly && Property(partition, "desired") is not { ValueKind: JsonValueKind.True })
        {
            return null;
        }

        return (id, broker, leader);
    }

    private static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    private static int Int(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var number) ? number : -1;
}

/// <summary>A partition found on <paramref name="Broker"/> while its leader is <paramref name="Leader"/>, for <paramref name="For"/>.</summary>
internal sealed record StuckPartition(string Topic, int Partition, int Broker, int Leader, TimeSpan For)
{
    public override string ToString() => $"{Topic} [{Partition}] on broker {Broker}, leader {Leader}, for {For.TotalSeconds:0} s";
}
