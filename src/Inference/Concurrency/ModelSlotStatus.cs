namespace ChatHub.Inference.Concurrency;

/// <summary>What <see cref="ModelConcurrencyLimiter.Enter"/> gave: a slot now, a place in the queue, or nothing (queue full).</summary>
public enum ModelSlotStatus
{
    Granted = 0,
    Queued = 1,
    Refused = 2,
}
