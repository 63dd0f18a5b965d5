namespace ChatHub.Conversation.Broadcasts;

/// <summary>Where a broadcast stands.</summary>
public enum BroadcastStatus
{
    /// <summary>Waiting for its time (<see cref="Broadcast.NextRunAt"/>).</summary>
    Scheduled = 0,

    /// <summary>A run is going out: its audience being collected, its recipients queued to egress.</summary>
    Sending = 1,

    /// <summary>Every recipient of its (last) run has an outcome; a cron broadcast never completes.</summary>
    Completed = 2,

    /// <summary>Cancelled: nothing more is queued (what egress had already taken still goes).</summary>
    Cancelled = 3,
}
