namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// Decides how many of the generating sequences go into one decode step, from measured step costs. A step's cost
/// does not grow linearly with its sequences, and not the same way on every CPU and quantization (on the 2-vCPU
/// benchmark machine a Q8_0 step with 2 sequences cost 3–5× one with 1, while 16 cost about 5×). The planner keeps an
/// average cost per batch size of pure generation steps and picks the size with the most tokens per second among
/// those measured (a size is tried a few times before it is judged, and the full batch again now and then): all sequences at once when that is as fast,
/// fewer (taking turns) when a smaller batch is clearly faster. With one conversation the batch is one token.
/// </summary>
internal sealed class LlamaBatchPlanner
{
    /// <summary>Measurements of a size before it competes.</summary>
    public const int Warmup = 3;

    /// <summary>A smaller batch must be this much faster (tokens per second) to be preferred.</summary>
    public const double Margin = 1.15;

    /// <summary>Every this many plans the full batch is measured again, so that a judgement can change with the load.</summary>
    public const int RefreshInterval = 50;

    private const double Smoothing = 0.2;

    private readonly double[] _cost;
    private readonly int[] _samples;
    private long _plans;

    public LlamaBatchPlanner(int maxSequences)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSequences, 1);
        _cost = new double[maxSequences + 1];
        _samples = new int[maxSequences + 1];
    }

    /// <summary>How many of <paramref name="generating"/> sequences to decode in the next step.</summary>
    public int Plan(int generating)
    {
        if (generating <= 1 || generating >= _cost.Length || _samples[generating] < Warmup || ++_plans % RefreshInterval == 0)
        {
            return generating;
        }

        var best = generating;
        var bestRate = generating / _cost[generating];
        for (var size = 1; size < generating; size++)
        {
            if (_samples[size] >= Warmup && size / _cost[size] > bestRate * Margin)
            {
                best = size;
                bestRate = size / _cost[size];
            }
        }

        return best;
    }

    /// <summary>Records the time of a step that decoded one generated token for each of <paramref name="size"/> sequences (and no prompt).</summary>
    public void Record(int size, TimeSpan elapsed)
    {
        if (size < 1 || size >= _cost.Length || elapsed <= TimeSpan.Zero)
        {
            return;
        }

        var milliseconds = elapsed.TotalMilliseconds;
        _cost[size] = _samples[size] == 0 ? milliseconds : (_cost[size] * (1 - Smoothing)) + (milliseconds * Smoothing);
        _samples[size]++;
    }

    /// <summary>The average cost of a step of <paramref name="size"/> sequences, or null before it was measured.</summary>
    public TimeSpan? CostOf(int size) =>
        size >= 1 && size < _cost.Length && _samples[size] > 0 ? TimeSpan.FromMilliseconds(_cost[size]) : null;
}
