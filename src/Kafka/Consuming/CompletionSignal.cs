namespace ChatHub.Kafka.Consuming;

/// <summary>
/// Wakes the consume thread when a worker completes a record (a manual-reset event on a monitor: nothing to
/// dispose, so workers that finish after the consumer has stopped can still signal safely).
/// </summary>
internal sealed class CompletionSignal
{
    private readonly object _gate = new(); // a Monitor, not a System.Threading.Lock: Wait/PulseAll need it
    private bool _set;

    public void Set()
    {
        lock (_gate)
        {
            _set = true;
            Monitor.PulseAll(_gate);
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _set = false;
        }
    }

    public bool Wait(TimeSpan timeout)
    {
        lock (_gate)
        {
            return _set || Monitor.Wait(_gate, timeout);
        }
    }
}
