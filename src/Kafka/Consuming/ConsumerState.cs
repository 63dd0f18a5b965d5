namespace ChatHub.Kafka.Consuming;

internal enum ConsumerState
{
    /// <summary>Subscribed, waiting for the group to assign partitions.</summary>
    Joining = 0,

    /// <summary>Has an assignment (possibly empty: more members than partitions).</summary>
    Assigned = 1,

    /// <summary>Draining or stopped.</summary>
    Stopped = 2,
}
