namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// Decides how many of the generating sequences go into one decode step, from measured step costs. A step's cost
/// does not grow linearly with its sequences, and not the same way on every CPU and quantization (on the 2-vCPU
/// benchmark machine a Q8_0 step with 2 sequences cost 3–5× one with 1, while 16 cost about 5×). The planner keeps the
/// recent costs of pure generation steps per batch size and picks the size with the most tokens per second: all
/// sequences at once when that is as fast, fewer (taking turns) when a smaller batch is clearly faster.
/// </summary>
/// <remarks>
/// The machine's load changes under it, so a judgement needs evidence of the same time: a size's cost is the median
/// of its last <see cref="Window"/> steps (one slow step does not flip a decision), a size counts only after
/// <see cref="Warmup"/> steps and while measured within the last <see cref="StaleAfter"/> plans (a single-sequence cost
/// from a quiet minute does not beat a full batch measured under load), and every <see cref="RefreshInterval"/> plans
/// the full batch is measured again for <see cref="Warmup"/> steps in a row, so a wrong judgement is undone quickly.
/// With one conversation the batch is one token.
/// </remarks>
internal sealed class LlamaBatchPlanner
{
    /// <summary>Measurements of a size before it competes (and full-batch steps in a row at each refresh).</summary>
    public const int Warmup = 3;

    /// <summary>A smaller batch must be this much faster (tokens per second) to be preferred.</summary>
    public const double Margin = 1.25;

    /// <summary>Every this many plans the full batch is measured again, so that a judgement can change with the load.</summary>
    public const int RefreshInterval = 50;

    /// <summary>Plans after which a size's cost no longer counts against the full batch's.</summary>
    public const int StaleAfter = 500;

    /// <summary>Recent steps per size whose median is its cost.</summary>
    public const int Window = 5;

    private readonly double[][] _recent;
    private readonly int[] _samples;
    private readonly long[] _measuredAt;
    private readonly double[] _sorted = new double[Window];
    private readonly bool _adaptive;
    private long _plans;

    /// <param name="maxSequences">The instance's sequences.</param>
    /// <param name="adaptive">False: every plan is the full batch (<see cref="LlamaCppOptions.AdaptiveBatching"/>).</param>
    public LlamaBatchPlanner(int maxSequences, bool adaptive = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSequences, 1);
        _adaptive = adaptive;
        _recent = [.. Enumerable.Range(0, maxSequences + 1).Select(_ => new double[Window])];
        _samples = new int[maxSequences + 1];
        _measuredAt = new long[maxSequences + 1];
    }

    /// <summary>How many of <paramref name="generating"/> sequences to decode in the next step.</summary>
    public int Plan(int generating)
    {
        var plan = ++_plans;
        if (!_adaptive || generating <= 1 || generating >= _samples.Length || _samples[generating] < Warmup || plan % RefreshInterval >= RefreshInterval - Warmup)
        {
            return generating;
        }

        var best = generating;
        var bestRate = generating / Cost(generating);
        for (var size = 1; size < generating; size++)
        {
            if (_samples[size] >= Warmup && plan - _measuredAt[size] <= StaleAfter && size / Cost(size) > bestRate * Margin)
            {
                best = size;
                bestRate = size / Cost(size);
            }
        }

        return best;
    }

    /// <summary>Records the time of a step that decoded one generated token for each of <paramref name="size"/> sequences (and no prompt).</summary>
    public void Record(int size, TimeSpan elapsed)
    {
        if (size < 1 || size >= _samples.Length || elapsed <= TimeSpan.Zero)
        {
            return;
        }

        _recent[size][_samples[size] % Window] = elapsed.TotalMilliseconds;
        _samples[size]++;
        _measuredAt[size] = _plans;
    }

    /// <summary>The recent cost of a step of <paramref name="size"/> sequences, or null before it was measured.</summary>
    public TimeSpan? CostOf(int size) =>
        size >= 1 && size < _samples.Length && _samples[size] > 0 ? TimeSpan.FromMilliseconds(Cost(size)) : null;

    private double Cost(int size)
    {
        var count = Math.Min(_samples[size], Window);
        var sorted = _sorted.AsSpan(0, count);
        _recent[size].AsSpan(0, count).CopyTo(sorted);
        sorted.Sort();
        return count % 2 == 1 ? sorted[count / 2] : (sorted[(count / 2) - 1] + sorted[count / 2]) / 2;
    }
}
