using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ChatHub.Inference.LlamaCpp;

namespace ChatHub.Bench;

/// <summary>
/// (1e) The engine's batching against llama.cpp's own, in one process on one loaded model. Each round runs half of N
/// conversations one at a time, then all N at once, then the other half one at a time (so that a load that drifts
/// hits both sides alike). Right after every generation step of the engine with 1 or N sequences, the decode thread
/// runs a bare <c>llama_decode</c> of the same size on a second context (<see cref="BareDecoder"/>), so the ceiling
/// and the engine are measured in the same moments. Per round and as medians of the rounds:
/// <list type="bullet">
/// <item>bare ratio: tokens/s of a bare step of N tokens against a step of one (medians of the paired steps);</item>
/// <item>engine end to end: aggregate tokens/s of N concurrent conversations against one at a time, prompts
/// included (the time of the paired bare steps taken out);</item>
/// <item>engine generation phase: the same over the steps that held only generated tokens, each from admission to
/// its last sample (decode, sampling, detokenizing and streaming included);</item>
/// <item>engine step / bare step at 1 and at N: what the engine adds to llama.cpp's step, measured side by side.</item>
/// </list>
/// </summary>
internal static class BatchingBench
{
    public static async Task<string> RunAsync(string type, int conversations, int tokens, int rounds)
    {
        var options = new LlamaCppOptions
        {
            Path = BenchModels.PathOf(type),
            ContextSize = 512,
            MaxSequences = conversations,
            BatchSize = 512,
            QueueCapacity = 64,
            Threads = BenchSettings.Threads,
            PromptCache = BenchSettings.PromptCache,
        };
        using var engine = LlamaEngine.Create(options);
        var instance = engine.Instances[0];
        using var bare = new BareDecoder(engine.Model, conversations, instance.Threads);
        var prompts = BenchPrompts.Tokenize(engine.Model);
        bare.Prepare(prompts);
        var probe = new Probe(bare, conversations);
        instance.StepObserver = probe.Observe;
        await ThroughputBench.RunAsync(engine, prompts[..1], 8); // warm-up

        var results = new List<Round>();
        for (var round = 0; round < rounds; round++)
        {
            var load = Machine.LoadAverage().Split(' ')[0];
            var batch = Enumerable.Range(0, conversations).Select(i => prompts[(i + round) % prompts.Length]).ToArray();
            var first = await SinglesAsync(engine, batch[..(conversations / 2)], tokens, probe);
            var concurrent = await MeasureAsync(engine, batch, tokens, probe);
            var second = await SinglesAsync(engine, batch[(conversations / 2)..], tokens, probe);
            var result = new Round(load, conversations, first.Plus(second), concurrent);
            results.Add(result);
            Console.WriteLine(result.Describe(type, round + 1));
        }

        instance.StepObserver = null;
        double Median(Func<Round, double> value) => BareDecoder.Median(results.Select(value));
        return string.Create(CultureInfo.InvariantCulture,
            $"| {type.ToUpperInvariant()}{(BenchSettings.PromptCache ? string.Empty : ", prompt cache off")} | {conversations} | {rounds} | {results[0].Load}–{results[^1].Load} | " +
            $"{Median(r => r.Sequential.BareMedian(1)):F1} / {Median(r => r.Concurrent.BareMedian(conversations)):F1} | **{Median(r => r.BareRatio):F2}×** | " +
            $"{Median(r => r.EndToEndRatio):F2}× | **{Median(r => r.EndToEndRatio / r.BareRatio):P0}** | " +
            $"{Median(r => r.GenerationRatio):F2}× | **{Median(r => r.GenerationRatio / r.BareRatio):P0}** | " +
            $"{Median(r => r.Sequential.EngineOverBare(1)):F2} / {Median(r => r.Concurrent.EngineOverBare(conversations)):F2} | " +
            $"{Median(r => r.Concurrent.Steps.Length):F0} ({Median(r => r.Concurrent.MeanGenerationSize):F1}) | " +
            $"{Median(r => r.Concurrent.PromptShare):P0} / {Median(r => r.Sequential.PromptShare):P0} |") + Environment.NewLine;
    }

    private static async Task<Segment> SinglesAsync(LlamaEngine engine, int[][] prompts, int tokens, Probe probe)
    {
        var total = Segment.Empty;
        foreach (var prompt in prompts)
        {
            total = total.Plus(await MeasureAsync(engine, [prompt], tokens, probe));
        }

        return total;
    }

    private static async Task<Segment> MeasureAsync(LlamaEngine engine, int[][] prompts, int tokens, Probe probe)
    {
        var replies = new List<List<int>>();
        var statistics = engine.Instances[0].Statistics;
        probe.Clear();
        var stepsBefore = statistics.Steps;
        var watch = Stopwatch.StartNew();
        var generated = await ThroughputBench.RunAsync(engine, prompts, tokens, replies);
        var elapsed = watch.Elapsed;

        // The observer runs after the last sample, so its record may trail the last reply by a moment.
        SpinWait.SpinUntil(() => probe.Count >= statistics.Steps - stepsBefore, TimeSpan.FromSeconds(5));
        var (steps, overhead) = probe.Take();
        return new Segment(generated, elapsed - overhead, steps, [.. replies]);
    }

    /// <summary>The step observer: records each engine step and, after a generation step of 1 or N sequences, times a bare step of that size.</summary>
    private sealed class Probe(BareDecoder bare, int conversations)
    {
        private readonly ConcurrentQueue<Paired> _steps = new();
        private long _overheadTicks;

        public int Count => _steps.Count;

        public void Observe(LlamaStepTiming step)
        {
            var started = Stopwatch.GetTimestamp();
            var pairedBare = step.IsGenerationOnly && (step.Sequences == 1 || step.Sequences == conversations) ? bare.Step(step.Sequences) : double.NaN;
            _steps.Enqueue(new Paired(step, pairedBare));
            Interlocked.Add(ref _overheadTicks, Stopwatch.GetElapsedTime(started).Ticks);
        }

        public void Clear()
        {
            _steps.Clear();
            Interlocked.Exchange(ref _overheadTicks, 0);
        }

        public (Paired[] Steps, TimeSpan Overhead) Take() => (_steps.ToArray(), TimeSpan.FromTicks(Interlocked.Read(ref _overheadTicks)));
    }

    private readonly record struct Paired(LlamaStepTiming Engine, double BareMilliseconds);

    private sealed record Segment(int Tokens, TimeSpan Elapsed, Paired[] Steps, List<int>[] Replies)
    {
        public static Segment Empty { get; } = new(0, TimeSpan.Zero, [], []);

        public double Rate => Tokens / Elapsed.TotalSeconds;

        private IEnumerable<LlamaStepTiming> Generation => Steps.Select(s => s.Engine).Where(s => s.IsGenerationOnly);

        /// <summary>Tokens per second over the generation-only steps (step time from admission to the last sample).</summary>
        public double GenerationRate => Generation.Sum(s => s.Generated) / Generation.Sum(s => s.Step.TotalSeconds);

        public double MeanGenerationSize => Generation.Average(s => s.Generated);

        public double PromptShare => Steps.Where(s => !s.Engine.IsGenerationOnly).Sum(s => s.Engine.Step.TotalSeconds) / Steps.Sum(s => s.Engine.Step.TotalSeconds);

        public double BareMedian(int size) => BareDecoder.Median(Paired(size).Select(s => s.BareMilliseconds));

        public double EngineMedian(int size) => BareDecoder.Median(Paired(size).Select(s => s.Engine.Step.TotalMilliseconds));

        /// <summary>The engine's whole step against the bare step of the same size taken right after it (medians of the per-pair ratios).</summary>
        public double EngineOverBare(int size) => BareDecoder.Median(Paired(size).Select(s => s.Engine.Step.TotalMilliseconds / s.BareMilliseconds));

        public double DecodeOverBare(int size) => BareDecoder.Median(Paired(size).Select(s => s.Engine.Decode.TotalMilliseconds / s.BareMilliseconds));

        public Segment Plus(Segment other) => new(Tokens + other.Tokens, Elapsed + other.Elapsed, [.. Steps, .. other.Steps], [.. Replies, .. other.Replies]);

        private IEnumerable<Paired> Paired(int size) => Steps.Where(s => s.Engine.IsGenerationOnly && s.Engine.Sequences == size && !double.IsNaN(s.BareMilliseconds));
    }

    private sealed record Round(string Load, int Conversations, Segment Sequential, Segment Concurrent)
    {
        public double BareRatio => Conversations * Sequential.BareMedian(1) / Concurrent.BareMedian(Conversations);

        public double EndToEndRatio => Concurrent.Rate / Sequential.Rate;

        public double GenerationRatio => Concurrent.GenerationRate / Sequential.GenerationRate;

        /// <summary>Conversations whose greedy reply was the same alone and in the batch (the kernels round differently by batch shape).</summary>
        public int Identical => Sequential.Replies.Zip(Concurrent.Replies).Count(pair => pair.First.SequenceEqual(pair.Second));

        public string Describe(string type, int round) => string.Create(CultureInfo.InvariantCulture,
            $"    {type} × {Conversations}, round {round} (load {Load}): bare {Sequential.BareMedian(1):F1} / {Concurrent.BareMedian(Conversations):F1} ms = {BareRatio:F2}×; " +
            $"engine end to end {Sequential.Rate:F1} / {Concurrent.Rate:F1} tok/s = {EndToEndRatio:F2}× ({EndToEndRatio / BareRatio:P0} of bare); " +
            $"generation phase {Sequential.GenerationRate:F1} / {Concurrent.GenerationRate:F1} tok/s = {GenerationRatio:F2}× ({GenerationRatio / BareRatio:P0}); " +
            $"engine step / bare step: at 1 {Sequential.EngineOverBare(1):F2} (decode {Sequential.DecodeOverBare(1):F2}), at {Conversations} {Concurrent.EngineOverBare(Conversations):F2} (decode {Concurrent.DecodeOverBare(Conversations):F2}); " +
            $"N at once: {Concurrent.Steps.Length} steps, mean generation size {Concurrent.MeanGenerationSize:F1}, {Concurrent.PromptShare:P0} of step time on prompt steps; " +
            $"one at a time: {Sequential.PromptShare:P0} on prompt steps; greedy replies identical alone and in the batch: {Identical} of {Conversations}");
    }
}
