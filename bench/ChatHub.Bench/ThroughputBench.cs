using System.Diagnostics;
using System.Globalization;
using System.Text;
using ChatHub.Inference.LlamaCpp;

namespace ChatHub.Bench;

/// <summary>
/// (1) Aggregate tokens/s of N concurrent conversations (one instance, continuous batching) against the same
/// conversations one after another, through the engine's queue and decode loop.
/// </summary>
internal static class ThroughputBench
{
    public static async Task<string> RunAsync(string type, int[] concurrency, int tokens, int repeats)
    {
        var options = new LlamaCppOptions
        {
            Path = BenchModels.PathOf(type),
            ContextSize = 512,
            MaxSequences = concurrency.Max(),
            BatchSize = 512,
            QueueCapacity = 64,
            Threads = BenchSettings.Threads,
            PromptCache = BenchSettings.PromptCache,
        };
        using var engine = LlamaEngine.Create(options);
        var prompts = BenchPrompts.Tokenize(engine.Model);
        await RunAsync(engine, prompts[..1], 8); // warm-up

        // Each round measures the same conversations one at a time, then all at once, back to back, so that the
        // machine's changing load hits both alike; the speedup is the median of the per-round ratios.
        var report = new StringBuilder();
        foreach (var count in concurrency)
        {
            var sequentialRates = new List<double>();
            var concurrentRates = new List<double>();
            var ratios = new List<double>();
            for (var run = 0; run < repeats; run++)
            {
                var batch = Enumerable.Range(0, count).Select(i => prompts[(i + run) % prompts.Length]).ToArray();
                var watch = Stopwatch.StartNew();
                var generated = 0;
                foreach (var prompt in batch)
                {
                    generated += await RunAsync(engine, [prompt], tokens);
                }

                var sequential = generated / watch.Elapsed.TotalSeconds;
                var before = (engine.Instances[0].Statistics.Steps, engine.Instances[0].Statistics.Tokens, engine.Instances[0].Statistics.DecodeTime);
                watch.Restart();
                generated = await RunAsync(engine, batch, tokens);
                var concurrent = generated / watch.Elapsed.TotalSeconds;
                var after = engine.Instances[0].Statistics;
                sequentialRates.Add(sequential);
                concurrentRates.Add(concurrent);
                ratios.Add(concurrent / sequential);
                Console.WriteLine(FormattableString.Invariant(
                    $"    {type} {count}: sequential {sequential:F1} tok/s, concurrent {concurrent:F1} tok/s ({after.Steps - before.Steps} steps, {after.Tokens - before.Tokens} tokens, {(after.DecodeTime - before.DecodeTime).TotalSeconds / watch.Elapsed.TotalSeconds:P0} of the time in llama_decode)"));
            }

            double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {type.ToUpperInvariant()} | {count} | {Median(sequentialRates):F1} | {Median(concurrentRates):F1} | {Median(ratios):F2}× |");
        }

        return report.ToString();
    }

    /// <summary>Submits every prompt at once and waits for all replies; returns the tokens generated (and the replies' tokens in <paramref name="replies"/>).</summary>
    internal static async Task<int> RunAsync(LlamaEngine engine, int[][] prompts, int tokens, List<List<int>>? replies = null)
    {
        var requests = prompts
            .Select(prompt => new LlamaRequest(prompt, tokens, LlamaSamplingSettings.Greedy, interactive: true, CancellationToken.None))
            .ToArray();
        foreach (var request in requests)
        {
            if (!engine.TrySubmit(request))
            {
                throw new InvalidOperationException("The engine refused a benchmark request (queue full).");
            }
        }

        var total = 0;
        foreach (var request in requests)
        {
            await foreach (var _ in request.Pieces.ReadAllAsync())
            {
            }

            total += request.Tokens.Count;
            replies?.Add(request.Tokens);
        }

        return total;
    }
}
