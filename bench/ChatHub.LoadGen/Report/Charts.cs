namespace ChatHub.LoadGen.Report;

/// <summary>The report's plots: latency and throughput against the offered rate, per mode.</summary>
internal static class Charts
{
    private static readonly Dictionary<string, string> Colors = new(StringComparer.Ordinal)
    {
        [Benchmark.Ceiling] = "#7f7f7f",
        [Benchmark.Relay] = "#9467bd",
        [Benchmark.Async] = "#1f77b4",
        [Benchmark.Sync] = "#ff7f0e",
        ["async-16p"] = "#2ca02c",
    };

    /// <summary>Writes the PNGs that have data; returns their file names (relative to <paramref name="directory"/>).</summary>
    public static async Task<IReadOnlyList<(string File, string Caption)>> WriteAsync(BenchmarkResults r, string directory, CancellationToken cancellationToken)
    {
        var charts = new List<(string File, string Caption, string Svg)>();
        var cacheModes = new[] { Benchmark.Ceiling, Benchmark.Relay, Benchmark.Async, Benchmark.Sync }.Where(m => r.StepsOf("cache", m).Any()).ToList();
        if (cacheModes.Count > 0)
        {
            charts.Add(("cache-latency.png", "Cache hits: end-to-end latency (p50 dashed, p99 solid) against the offered rate",
                SvgLineChart.Render("Cache hits: end-to-end latency vs offered rate", "offered rate (messages/s, log scale)", "latency (ms, log scale)",
                    [.. cacheModes.SelectMany(m => LatencySeries(r, "cache", m))], logY: true, logX: true,
                    footnote: "ceiling: POST → 200; relay and hub: POST → sendMessage at the fake Bot API; from the intended send time")));
            charts.Add(("cache-throughput.png", "Cache hits: completed messages/s against the offered rate (dotted: completed = offered)",
                SvgLineChart.Render("Cache hits: throughput vs offered rate", "offered rate (messages/s, log scale)", "completed (messages/s, log scale)",
                    [.. cacheModes.Select(m => ThroughputSeries(r, "cache", m))], logY: true, logX: true, identityLine: true)));
        }

        var mixModes = new[] { Benchmark.Async, Benchmark.Sync }.Where(m => r.StepsOf("mix", m).Any()).ToList();
        if (mixModes.Count > 0)
        {
            charts.Add(("mix-latency.png", "Zipf mix: end-to-end latency p50 (dashed), p95 (dotted) and p99 (solid)",
                SvgLineChart.Render("Zipf mix: end-to-end latency vs offered rate", "offered rate (messages/s, log scale)", "latency (ms, log scale)",
                    [.. mixModes.SelectMany(m => LatencySeries(r, "mix", m, withP95: true))], logY: true, logX: true,
                    footnote: "conversations of 1–4 turns; first turns cached, later turns knowledge base; some model-bound")));
        }

        var slowModes = new[] { Benchmark.Async, Benchmark.Sync, "async-16p" }.Where(m => r.StepsOf("slow", m).Any()).ToList();
        if (slowModes.Count > 0)
        {
            charts.Add(("slow-throughput.png", $"Slow model ({r.Settings.ModelDelayMs} ms): completed messages/s against the offered rate",
                SvgLineChart.Render($"Slow model ({r.Settings.ModelDelayMs} ms per answer): throughput", "offered rate (messages/s, log scale)", "completed (messages/s, log scale)",
                    [.. slowModes.Select(m => ThroughputSeries(r, "slow", m))], logY: true, logX: true, identityLine: true)));
        }

        var written = new List<(string, string)>();
        foreach (var (file, caption, svg) in charts)
        {
            if (await PngRenderer.RenderAsync(svg, Path.Combine(directory, file), SvgLineChart.Width, SvgLineChart.Height, cancellationToken))
            {
                written.Add((file, caption));
            }
        }

        return written;
    }

    private static IEnumerable<ChartSeries> LatencySeries(BenchmarkResults r, string scenario, string mode, bool withP95 = false)
    {
        var steps = r.StepsOf(scenario, mode).ToList();
        var color = Colors.GetValueOrDefault(mode, "#000");
        yield return new ChartSeries(mode + " p99", color, [.. steps.Select(s => (s.OfferedRate, s.EndToEnd.P99))]);
        if (withP95)
        {
            yield return new ChartSeries(mode + " p95", color, [.. steps.Select(s => (s.OfferedRate, s.EndToEnd.P95))], Dash: "2,4");
        }

        yield return new ChartSeries(mode + " p50", color, [.. steps.Select(s => (s.OfferedRate, s.EndToEnd.P50))], Dash: "8,5");
    }

    private static ChartSeries ThroughputSeries(BenchmarkResults r, string scenario, string mode) =>
        new(mode, Colors.GetValueOrDefault(mode, "#000"), [.. r.StepsOf(scenario, mode).Select(s => (s.OfferedRate, s.Throughput))]);
}
