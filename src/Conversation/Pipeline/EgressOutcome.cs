namespace ChatHub.Conversation.Pipeline;

/// <summary>What became of a final reply in egress (<see cref="IEgressObserver"/>).</summary>
public enum EgressOutcome
{
    /// <summary>The platform accepted it.</summary>
    Sent = 0,

    /// <summary>It cannot be delivered and went to chat.dlq with the reason.</summary>
    DeadLettered = 1,

    /// <summary>Egress's ledger had it done already (sent or dead-lettered before): this copy was dropped.</summary>
    AlreadyDone = 2,
}
