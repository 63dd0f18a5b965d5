namespace ChatHub.Adapters.Abstractions.Egress;

/// <summary>
/// What the channel shows of one reply: the platform messages of its parts (<typeparamref name="TPart"/>, each
/// adapter's own ids) and their current text. A streamed reply is edited in place; a final reply retried after a
/// transient failure continues where it stopped; a final reply delivered twice (bus redelivery) is sent once.
/// Touched by one conversation's egress at a time.
/// </summary>
internal abstract class EditableReplyState<TPart> : IExpiringReplyState
{
    public List<TPart> Parts { get; } = [];

    public bool Completed { get; set; }

    /// <summary>Timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the last progressive send or edit.</summary>
    public long LastShownAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
