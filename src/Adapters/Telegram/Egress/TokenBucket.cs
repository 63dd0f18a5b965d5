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

    /// <summary>How long until one token is available (zero if one is).</summary>
    public TimeSpan WaitTime(long now, long frequency)
    {
        Refill(now, frequency);
        return _tokens >= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - _tokens) / _perSecond);
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
