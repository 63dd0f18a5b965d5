using System.Diagnostics;
using ChatHub.LoadGen.Workload;

namespace ChatHub.LoadGen.Load;

/// <summary>Turns a <see cref="StepRecorder"/> into latency percentiles and a completion rate.</summary>
internal static class StepStatistics
{
    public const double BudgetMs = 100;

    /// <summary>
    /// Over the messages whose intended time lies in the measured window: a reply within the timeout is completed (its
    /// latency counted from the intended time), a non-200 answer or an exception is an error, anything else is lost.
    /// Errors and lost messages count as infinitely late in the percentiles.
    /// </summary>
    public static LatencyStats EndToEnd(StepRecorder r, TimeSpan timeout, MessageKind? kind = null) =>
        Compute(r, timeout, kind, ack: false);

    public static LatencyStats Ack(StepRecorder r, TimeSpan timeout) => Compute(r, timeout, null, ack: true);

    /// <summary>Replies that arrived inside the measured window (within the timeout of their message), per second.</summary>
    public static double Throughput(StepRecorder r, TimeSpan timeout)
    {
        var limit = (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var count = 0;
        var issued = Volatile.Read(ref r.Issued);
        for (var i = 0; i < issued; i++)
        {
            var replied = r.Replied[i];
            if (replied >= r.WarmupEnd && replied < r.MeasureEnd && replied - r.Intended[i] <= limit)
            {
                count++;
            }
        }

        return count / ((r.MeasureEnd - r.WarmupEnd) / (double)Stopwatch.Frequency);
    }

    private static LatencyStats Compute(StepRecorder r, TimeSpan timeout, MessageKind? kind, bool ack)
    {
        var limit = (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var latencies = new List<double>();
        int errors = 0, lost = 0, completed = 0, within = 0;
        var sum = 0.0;
        var issued = Volatile.Read(ref r.Issued);
        for (var i = 0; i < issued; i++)
        {
            var intended = r.Intended[i];
            if (intended < r.WarmupEnd || intended >= r.MeasureEnd || (kind is { } k && r.Kinds[i] != k))
            {
                continue;
            }

            var end = ack ? (r.Status[i] == 200 ? r.Acked[i] : 0) : r.Replied[i];
            if (end != 0 && end - intended <= limit)
            {
                var ms = (end - intended) * 1000.0 / Stopwatch.Frequency;
                latencies.Add(ms);
                sum += ms;
                completed++;
                within += ms <= BudgetMs ? 1 : 0;
            }
            else if (r.Status[i] < 0 || (r.Status[i] > 0 && r.Status[i] != 200))
            {
                errors++;
                latencies.Add(double.PositiveInfinity);
            }
            else
            {
                lost++;
                latencies.Add(double.PositiveInfinity);
            }
        }

        if (latencies.Count == 0)
        {
            return LatencyStats.Empty;
        }

        latencies.Sort();
        double Q(double q) => latencies[Math.Clamp((int)Math.Ceiling(q * latencies.Count) - 1, 0, latencies.Count - 1)];
        return new LatencyStats(
            latencies.Count, completed, errors, lost, Q(0.50), Q(0.95), Q(0.99), Q(0.999), latencies[^1],
            completed > 0 ? sum / completed : 0, within * 100.0 / latencies.Count);
    }
}
