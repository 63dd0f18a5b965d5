namespace ChatHub.Hub.Tests.Infrastructure;

/// <summary>
/// A clock that stands still until the test moves it; timers (timeouts) still run on real time. For a component
/// whose backoff the test must control, without freezing the rest of the hub.
/// </summary>
public sealed class SteppedClock : TimeProvider
{
    private long _ticks = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
