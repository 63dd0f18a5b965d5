using System.Globalization;
using ChatHub.LoadGen.Load;

namespace ChatHub.LoadGen.Report;

/// <summary>One of issue 11's targets, checked as a ratio against measurements of the same run.</summary>
internal sealed record TargetCheck(string Target, string Measured, string Required, bool? Pass)
{
    public string Verdict => Pass switch { true => "**PASS**", false => "**FAIL**", null => "not run" };
}

/// <summary>The four targets: cache-hit throughput, p99 at 5,000/s, the 100 ms budget under the mix, async vs sync.</summary>
internal static class TargetChecks
{
    public const double ReferenceRate = 5000;

    public static IReadOnlyList<TargetCheck> Evaluate(BenchmarkResults r)
    {
        var checks = new List<TargetCheck>();
        var ceiling = r.Mode("cache", Benchmark.Ceiling);
        var cacheAsync = r.Mode("cache", Benchmark.Async);
        if (ceiling is not null && cacheAsync is not null && ceiling.SustainedThroughput > 0)
        {
            var ratio = cacheAsync.SustainedThroughput / ceiling.SustainedThroughput;
            checks.Add(new TargetCheck(
                "Cache-hit throughput ≥ 70 % of the zero-work ceiling (highest sustained rate, same load, same run)",
                F($"{cacheAsync.SustainedThroughput:N0} vs {ceiling.SustainedThroughput:N0} msg/s = {ratio:P0}") +
                F($" (peak completion rates: {cacheAsync.PeakThroughput:N0} vs {ceiling.PeakThroughput:N0} msg/s = {cacheAsync.PeakThroughput / ceiling.PeakThroughput:P0})") +
                (r.Mode("cache", Benchmark.Relay) is { SustainedThroughput: > 0 } relay
                    ? F($"; for reference, vs the zero-work relay: {cacheAsync.SustainedThroughput:N0} vs {relay.SustainedThroughput:N0} msg/s = {cacheAsync.SustainedThroughput / relay.SustainedThroughput:P0}")
                    : ""),
                "≥ 70 %", ratio >= 0.70));
        }
        else
        {
            checks.Add(new TargetCheck("Cache-hit throughput ≥ 70 % of the ceiling", "—", "≥ 70 %", null));
        }

        var hubAt = Step(r, "cache", Benchmark.Async, ReferenceRate);
        var ceilingAt = Step(r, "cache", Benchmark.Ceiling, ReferenceRate);
        if (hubAt is not null && ceilingAt is not null)
        {
            var ratio = hubAt.EndToEnd.P99 / ceilingAt.EndToEnd.P99;
            checks.Add(new TargetCheck(
                "p99 end to end at 5,000 msg/s ≤ 2× the ceiling's p99 at 5,000/s (cache hits)",
                F($"{StepRunner.Ms(hubAt.EndToEnd.P99)} ms vs {StepRunner.Ms(ceilingAt.EndToEnd.P99)} ms = ") + (double.IsPositiveInfinity(ratio) ? "∞ (messages lost)" : F($"{ratio:0.00}×"))
                + (Step(r, "cache", Benchmark.Relay, ReferenceRate) is { } relayAt ? F($"; the zero-work relay's p99: {StepRunner.Ms(relayAt.EndToEnd.P99)} ms") : ""),
                "≤ 2×", ratio <= 2));
        }
        else if (cacheAsync is not null && cacheAsync.SkippedRates.Contains(ReferenceRate))
        {
            checks.Add(new TargetCheck("p99 end to end at 5,000 msg/s ≤ 2× the ceiling's p99 at 5,000/s (cache hits)",
                F($"not reached: the hub had collapsed at a lower rate (highest sustained {cacheAsync.SustainedRate:N0}/s)"), "≤ 2×", false));
        }
        else
        {
            checks.Add(new TargetCheck("p99 at 5,000 msg/s ≤ 2× the ceiling's", "—", "≤ 2×", null));
        }

        var mix = r.StepsOf("mix", Benchmark.Async).ToList();
        var mixAt = mix.FirstOrDefault(s => s.OfferedRate == ReferenceRate) ?? mix.LastOrDefault();
        if (mixAt is not null && r.Mode("mix", Benchmark.Async) is { } mixMode && mixMode.SkippedRates.Contains(ReferenceRate))
        {
            var all = string.Join(", ", mix.Select(s => F($"{s.EndToEnd.WithinBudgetPercent:0.0} % at {s.OfferedRate:N0}/s")));
            checks.Add(new TargetCheck("≥ 90 % of requests answered within 100 ms under the Zipf mix (asynchronous pipeline, at 5,000 msg/s)",
                F($"not reached: collapsed below 5,000/s ({all})"), "≥ 90 %", false));
        }
        else if (mixAt is not null)
        {
            var all = string.Join(", ", mix.Select(s => F($"{s.EndToEnd.WithinBudgetPercent:0.0} % at {s.OfferedRate:N0}/s")));
            checks.Add(new TargetCheck(
                F($"≥ 90 % of requests answered within 100 ms under the Zipf mix (asynchronous pipeline, at {mixAt.OfferedRate:N0} msg/s)"),
                F($"{mixAt.EndToEnd.WithinBudgetPercent:0.0} % ({all})"), "≥ 90 %", mixAt.EndToEnd.WithinBudgetPercent >= 90));
        }
        else
        {
            checks.Add(new TargetCheck("≥ 90 % within 100 ms under the Zipf mix", "—", "≥ 90 %", null));
        }

        var slowAsync = r.Mode("slow", Benchmark.Async);
        var slowSync = r.Mode("slow", Benchmark.Sync);
        if (slowAsync is not null && slowSync is not null && slowSync.SustainedThroughput > 0)
        {
            var ratio = slowAsync.SustainedThroughput / slowSync.SustainedThroughput;
            checks.Add(new TargetCheck(
                F($"Asynchronous pipeline ≥ 10× the synchronous baseline's throughput with a slow model ({r.Settings.ModelDelayMs} ms)"),
                F($"{slowAsync.SustainedThroughput:N0} vs {slowSync.SustainedThroughput:N0} msg/s = {ratio:0.0}×"),
                "≥ 10×", ratio >= 10));
        }
        else
        {
            checks.Add(new TargetCheck("Async ≥ 10× sync with a slow model", "—", "≥ 10×", null));
        }

        return checks;
    }

    /// <summary>
    /// Issue 24's targets, when the run has the <see cref="Benchmark.Memory"/> mode: the durable default (<c>async</c>,
    /// SQLite with an fsync per batch) against <c>Storage:Provider=memory</c>, cache-hit throughput and the mix's budget;
    /// with <paramref name="mode"/> the same for another durable mode of the run (<c>normal</c>, <c>base</c>).
    /// </summary>
    public static IReadOnlyList<TargetCheck> EvaluateStorage(BenchmarkResults r, string mode = Benchmark.Async)
    {
        var checks = new List<TargetCheck>();
        var prefix = mode == Benchmark.Async ? "Durable" : $"`{mode}`:";
        if (r.Mode("cache", mode) is { } durable && r.Mode("cache", Benchmark.Memory) is { SustainedThroughput: > 0 } memory)
        {
            var ratio = durable.SustainedThroughput / memory.SustainedThroughput;
            checks.Add(new TargetCheck(
                $"{prefix} cache-hit throughput ≥ 60 % of Storage:Provider=memory (highest sustained rate, same run)",
                F($"{durable.SustainedThroughput:N0} vs {memory.SustainedThroughput:N0} msg/s = {ratio:P0} (peak completion rates: {durable.PeakThroughput:N0} vs {memory.PeakThroughput:N0} msg/s = {durable.PeakThroughput / memory.PeakThroughput:P0})"),
                "≥ 60 %", ratio >= 0.60));
        }

        var mix = r.StepsOf("mix", mode).ToList();
        if (mix.Count > 0 && r.StepsOf("mix", Benchmark.Memory).Any())
        {
            var worst = mix.MinBy(s => s.EndToEnd.WithinBudgetPercent)!;
            var all = string.Join(", ", mix.Select(s => F($"{s.EndToEnd.WithinBudgetPercent:0.0} % at {s.OfferedRate:N0}/s")));
            var ephemeral = string.Join(", ", r.StepsOf("mix", Benchmark.Memory).Select(s => F($"{s.EndToEnd.WithinBudgetPercent:0.0} % at {s.OfferedRate:N0}/s")));
            checks.Add(new TargetCheck(
                $"{(mode == Benchmark.Async ? "Zipf mix on durable storage" : $"`{mode}`: Zipf mix")} still ≥ 90 % within 100 ms (every rate)",
                F($"{all} (memory: {ephemeral})"), "≥ 90 %", worst.EndToEnd.WithinBudgetPercent >= 90));
        }

        return checks;
    }

    public static StepResult? Step(BenchmarkResults r, string scenario, string mode, double rate) =>
        r.StepsOf(scenario, mode).FirstOrDefault(s => s.OfferedRate == rate);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
