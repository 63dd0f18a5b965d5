namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// The waiting room of one instance (bounded by the instance, which counts requests in flight), in two lanes: interactive (short) requests first, then long ones. So
/// that long requests are not starved, one is let in after every <see cref="FairnessInterval"/> interactive ones while
/// both lanes wait. Thread-safe.
/// </summary>
internal sealed class LlamaRequestQueue
{
    public const int FairnessInterval = 4;

    private readonly Queue<LlamaRequest> _interactive = new();
    private readonly Queue<LlamaRequest> _bulk = new();
    private readonly Lock _lock = new();
    private int _interactiveStreak;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _interactive.Count + _bulk.Count;
            }
        }
    }

    public void Enqueue(LlamaRequest request)
    {
        lock (_lock)
        {
            (request.Interactive ? _interactive : _bulk).Enqueue(request);
        }
    }

    public bool TryDequeue(out LlamaRequest request)
    {
        lock (_lock)
        {
            var takeBulk = _bulk.Count > 0 && (_interactive.Count == 0 || _interactiveStreak >= FairnessInterval);
            if (takeBulk)
            {
                _interactiveStreak = 0;
                request = _bulk.Dequeue();
                return true;
            }

            if (_interactive.TryDequeue(out request!))
            {
                _interactiveStreak = _bulk.Count > 0 ? _interactiveStreak + 1 : 0;
                return true;
            }

            return false;
        }
    }

    /// <summary>Takes every waiting request out (at shutdown).</summary>
    public List<LlamaRequest> Drain()
    {
        lock (_lock)
        {
            var all = _interactive.Concat(_bulk).ToList();
            _interactive.Clear();
            _bulk.Clear();
            return all;
        }
    }
}
