namespace ChatHub.Inference.Concurrency;

/// <summary>
/// One request's claim on a generation slot of <see cref="ModelConcurrencyLimiter"/>. Dispose it when the generation
/// ends (or is abandoned): a held slot passes to the next in line, a place in the queue is given up.
/// </summary>
public sealed class ModelSlotTicket : IDisposable
{
    private readonly ModelConcurrencyLimiter? _limiter;

    internal ModelSlotTicket(ModelConcurrencyLimiter? limiter, ModelSlotStatus status)
    {
        _limiter = limiter;
        Status = status;
    }

    /// <summary>What the ticket got when it was issued (a queued ticket's <see cref="WaitAsync"/> tells when it holds a slot).</summary>
    public ModelSlotStatus Status { get; }

    /// <summary>The place in line when the ticket was issued (1 = next); 0 when it got a slot at once or was refused.</summary>
    public int InitialPosition { get; internal set; }

    internal TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal LinkedListNode<ModelSlotTicket>? Node { get; set; }

    /// <summary>Holds a slot (granted, not yet disposed); guarded by the limiter's lock.</summary>
    internal bool Holding { get; set; }

    /// <summary>The current place in line (1 = next); 0 when the ticket is not waiting.</summary>
    public int Position => _limiter?.PositionOf(this) ?? 0;

    /// <summary>Completes when the ticket holds a slot. Canceling gives up the place in the queue (and throws).</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        if (Status == ModelSlotStatus.Refused)
        {
            throw new InvalidOperationException("A refused ticket never gets a slot.");
        }

        try
        {
            await Granted.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _limiter?.Return(this);
            throw;
        }
    }

    public void Dispose() => _limiter?.Return(this);
}
