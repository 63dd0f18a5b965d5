using System.Globalization;

namespace ChatHub.LoadGen.Hosting;

/// <summary>
/// One scrape of the hub's <c>/metrics</c> (Prometheus text): every sample by its full series name. The difference
/// of two scrapes gives what one step added, e.g. the <c>chathub_stage_duration_seconds</c> histogram per stage.
/// </summary>
internal sealed class MetricsSnapshot
{
    public const string StageHistogram = "chathub_stage_duration_seconds";

    private static readonly double[] Bounds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Dictionary<string, double> _samples;

    private MetricsSnapshot(Dictionary<string, double> samples) => _samples = samples;

    public static MetricsSnapshot Empty { get; } = new(new Dictionary<string, double>(StringComparer.Ordinal));

    public static async Task<MetricsSnapshot> ScrapeAsync(HttpClient http, Uri hub, CancellationToken cancellationToken)
    {
        try
        {
            var text = await http.GetStringAsync(new Uri(hub, "/metrics"), cancellationToken);
            return Parse(text);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return Empty;
        }
    }

    public static MetricsSnapshot Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            if (space > 0 && double.TryParse(line.AsSpan(space + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                samples[line[..space]] = value;
            }
        }

        return new MetricsSnapshot(samples);
    }

    public double Get(string series) => _samples.TryGetValue(series, out var v) ? v : 0;

    /// <summary>The sum of every series of a metric whose labels contain <paramref name="labelFilter"/>.</summary>
    public double Sum(string metric, string labelFilter = "") =>
        _samples.Where(kv => (kv.Key == metric || kv.Key.StartsWith(metric + "{", StringComparison.Ordinal))
                && kv.Key.Contains(labelFilter, StringComparison.Ordinal))
            .Sum(kv => kv.Value);

    public IEnumerable<string> SeriesOf(string metric) =>
        _samples.Keys.Where(k => k.StartsWith(metric + "{", StringComparison.Ordinal) || k == metric);

    /// <summary>What a stage's histogram recorded between <paramref name="before"/> and this scrape.</summary>
    public StageSummary Stage(MetricsSnapshot before, string stage)
    {
        var label = $"stage=\"{stage}\"";
        var count = Delta(before, $"{StageHistogram}_count{{{label}}}");
        var sum = Delta(before, $"{StageHistogram}_sum{{{label}}}");
        var cumulative = Bounds.Select(b => Delta(before, $"{StageHistogram}_bucket{{{label},le=\"{b.ToString(CultureInfo.InvariantCulture)}\"}}")).ToArray();
        return new StageSummary(stage, (long)count, count > 0 ? sum / count * 1000 : 0, Quantile(cumulative, count, 0.5), Quantile(cumulative, count, 0.99));
    }

    public double Delta(MetricsSnapshot before, string series) => Get(series) - before.Get(series);

    /// <summary>A quantile in ms, interpolated linearly inside its bucket (as Prometheus' histogram_quantile does).</summary>
    private static double Quantile(double[] cumulative, double count, double q)
    {
        if (count <= 0)
        {
            return 0;
        }

        var rank = q * count;
        var previousBound = 0.0;
        var previousCount = 0.0;
        for (var i = 0; i < Bounds.Length; i++)
        {
            if (cumulative[i] >= rank)
            {
                var inBucket = cumulative[i] - previousCount;
                var fraction = inBucket > 0 ? (rank - previousCount) / inBucket : 0;
                return (previousBound + (Bounds[i] - previousBound) * fraction) * 1000;
            }

            previousBound = Bounds[i];
            previousCount = cumulative[i];
        }

        return Bounds[^1] * 1000; // beyond the last bound
    }
}

/// <summary>A pipeline stage's latency during one step, from the hub's own histogram (ms).</summary>
internal sealed record StageSummary(string Stage, long Count, double MeanMs, double P50Ms, double P99Ms);
