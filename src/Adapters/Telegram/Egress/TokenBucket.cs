namespace ChatHub.Adapters.Telegram.Egress;

/// <summary>A token bucket on <see cref="TimeProvider"/> timestamps. Not thread-safe: the owner locks.</summary>
internal sealed class TokenBucket
{
    private readonly double _capacity;
    private readonly double _perSecond;
    private double _tokens;
    private long _updatedAt;

    public TokenBucket(double capacity, double perSecond, long now)
    {
        _capacity = capacity;
        _perSecond = perSecond;
        _tokens = capacity;
        _updatedAt = now;
    }

    public bool IsFull => _tokens >= _capacity;

    /// <summary>
    /// Timestamp ticks until one token is available (zero if one is). A token short by less than a rounding error
    /// counts as there, so a wake-up at the computed moment always finds it.
    /// </summary>
    public long WaitTicks(long now, long frequency)
    {
        Refill(now, frequency);
        var missing = 1 - _tokens;
        return missing <= 1e-9 ? 0 : Math.Max(1, (long)Math.Ceiling(missing / _perSecond * frequency));
    }

    public void Take() => _tokens -= 1;

    private void Refill(long now, long frequency)
    {
        if (now > _updatedAt)
        {
            _tokens = Math.Min(_capacity, _tokens + ((now - _updatedAt) / (double)frequency * _perSecond));
            _updatedAt = now;
        }
    }
}
