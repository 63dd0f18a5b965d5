namespace ChatHub.Kafka.Topology;

/// <summary>Which lane a physical topic serves: interactive (the topic itself) or bulk (its <c>.bulk</c> sibling).</summary>
internal enum TopicLane
{
    Interactive = 0,
    Bulk = 1,
}
