namespace ChatHub.Adapters.Abstractions.Egress;

/// <summary>
/// One reply's progress where the parts are posted and never edited: how many were posted. A final retried by the bus
/// after a transient failure continues where it stopped; a final delivered twice (bus redelivery) is posted once.
/// Touched by one conversation's egress at a time.
/// </summary>
internal sealed class PartCountReplyState : IExpiringReplyState
{
    public int PartsSent { get; set; }

    public bool Completed { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
