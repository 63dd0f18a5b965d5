namespace ChatHub.Conversation.Pipeline;

/// <summary>What <see cref="ProcessingLedger.RunOnceAsync(string, Func{CancellationToken, ValueTask}, LedgerCompletion, CancellationToken)"/> does once its step finished.</summary>
public enum LedgerCompletion
{
    /// <summary>Writes the key's done marker (kept <see cref="HubOptions.DeduplicationWindow"/>): a later delivery is skipped.</summary>
    MarkDone = 0,

    /// <summary>
    /// Only releases the lease: the caller's completion records that the step is done (a message consumed from a bus
    /// that delivers each accepted message once until its handler returned, <see cref="Bus.IAcceptingMessageBus"/>).
    /// </summary>
    ReleaseLease = 1,
}
