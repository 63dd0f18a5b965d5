namespace ChatHub.Hub.Telemetry;

/// <summary>
/// One time series of an instrument (one tag set): a running sum for counters, the last value for gauges, and
/// bucket counts for histograms. Updated under its own lock.
/// </summary>
internal sealed class MetricSeries
{
    private readonly double[]? _bounds;
    private readonly long[]? _buckets; // one per bound, plus +Inf

    public MetricSeries(KeyValuePair<string, string>[] tags, double[]? bounds)
    {
        Tags = tags;
        _bounds = bounds;
        _buckets = bounds is null ? null : new long[bounds.Length + 1];
    }

    public KeyValuePair<string, string>[] Tags { get; }

    public double Value { get; private set; }

    public long Count { get; private set; }

    public void Add(double value)
    {
        lock (this)
        {
            Value += value;
        }
    }

    public void Set(double value)
    {
        lock (this)
        {
            Value = value;
        }
    }

    public void Record(double value)
    {
        lock (this)
        {
            Value += value;
            Count++;
            var i = Array.BinarySearch(_bounds!, value);
            // Prometheus buckets are "less than or equal": an exact bound belongs to its own bucket.
            _buckets![i >= 0 ? i : ~i]++;
        }
    }

    /// <summary>Cumulative bucket counts (le = bound), the +Inf count, the sum.</summary>
    public (IReadOnlyList<(double Bound, long Count)> Buckets, long Count, double Sum) Snapshot()
    {
        lock (this)
        {
            var cumulative = new List<(double, long)>(_bounds!.Length);
            long running = 0;
            for (var i = 0; i < _bounds.Length; i++)
            {
                running += _buckets![i];
                cumulative.Add((_bounds[i], running));
            }

            return (cumulative, Count, Value);
        }
    }
}
