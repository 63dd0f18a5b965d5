namespace ChatHub.Testing;

/// <summary>
/// A clock the test moves by hand (<see cref="Advance"/>); timestamps follow it. Its timers (and so
/// <c>Task.Delay(…, timeProvider)</c> and <c>new CancellationTokenSource(…, timeProvider)</c>) fire when
/// <see cref="Advance"/> passes their due time, each at its own due time and in order, periodic ones again and again.
/// With <c>realTimers: true</c> only the clock stands still and timers run on the system clock: for a component whose
/// clock the test must control inside a host whose timeouts must keep working.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    /// <summary>Where a clock starts unless told otherwise: 2026-01-01 12:00 UTC.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly List<(TimeSpan? DueTime, TaskCompletionSource Registered)> _timerWaiters = [];
    private readonly bool _realTimers;
    private DateTimeOffset _now;
    private int _timersCreated;
    private int _timersFired;

    public ManualTimeProvider()
        : this(DefaultStart)
    {
    }

    public ManualTimeProvider(DateTimeOffset start, bool realTimers = false)
    {
        _now = start;
        _realTimers = realTimers;
    }

    /// <summary>A clock at <see cref="DefaultStart"/> whose timers run on the system clock.</summary>
    public static ManualTimeProvider WithRealTimers() => new(DefaultStart, realTimers: true);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Timers created so far (each <c>Task.Delay</c> on this clock creates one).</summary>
    public int TimersCreated => Volatile.Read(ref _timersCreated);

    /// <summary>Timer callbacks run so far: how often something woke up.</summary>
    public int TimersFired => Volatile.Read(ref _timersFired);

    /// <summary>Timers waiting to fire.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    /// <summary>
    /// Completes once a timer with this due time (any, when null) is pending, now or later: lets a test advance the
    /// clock only after a background loop has started its next wait, without polling.
    /// </summary>
    public Task WaitForTimerAsync(TimeSpan? dueTime = null)
    {
        lock (_gate)
        {
            if (_timers.Any(t => dueTime is null || t.DueTime == dueTime))
            {
                return Task.CompletedTask;
            }

            var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _timerWaiters.Add((dueTime, registered));
            return registered.Task;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _timersCreated);
        if (_realTimers)
        {
            return System.CreateTimer(callback, state, dueTime, period);
        }

        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock, firing due timers in order (each at its due time).</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        while (true)
        {
            ManualTimer? due;
            lock (_gate)
            {
                due = _timers.Where(t => t.DueAt <= target).MinBy(t => t.DueAt);
                if (due is null)
                {
                    _now = target;
                    return;
                }

                if (due.DueAt > _now)
                {
                    _now = due.DueAt;
                }

                if (due.Period is { } period)
                {
                    due.DueAt = _now + period;
                }
                else
                {
                    _timers.Remove(due);
                }
            }

            Interlocked.Increment(ref _timersFired);
            due.Callback(due.State);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public DateTimeOffset DueAt { get; set; }

        public TimeSpan DueTime { get; private set; }

        public TimeSpan? Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                owner._timers.Remove(this);
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return true;
                }

                DueAt = owner._now + dueTime;
                DueTime = dueTime;
                Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period;
                owner._timers.Add(this);
                foreach (var waiter in owner._timerWaiters.Where(w => w.DueTime is null || w.DueTime == dueTime).ToList())
                {
                    owner._timerWaiters.Remove(waiter);
                    waiter.Registered.TrySetResult();
                }

                return true;
            }
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
