using System.Diagnostics;
using System.Globalization;
using ChatHub.Inference.LlamaCpp;
using ChatHub.Inference.LlamaCpp.Native;

namespace ChatHub.Bench;

/// <summary>
/// (3) File size and resident memory of F16, Q8_0 and Q4_0 (each measured in a fresh child process: RSS after the
/// library loads, then after the model is loaded and has generated 16 tokens), and how often Q8_0 (and Q4_0) pick
/// the same top-1 token as F16 over the fixed prompt set (teacher forcing on F16's own greedy continuation).
/// </summary>
internal static class MemoryBench
{
    public static async Task<string> RunAsync()
    {
        var rows = new List<string>();
        foreach (var type in new[] { "f16", "q8_0", "q4_0" })
        {
            var path = BenchModels.PathOf(type);
            var (baseline, resident, peak) = await MeasureInChildAsync(path);
            Console.WriteLine(FormattableString.Invariant($"  {type}: file {new FileInfo(path).Length:N0} bytes, RSS +{(resident - baseline) / 1048576.0:F1} MiB"));
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {type.ToUpperInvariant()} | {new FileInfo(path).Length / 1048576.0:F1} | {(resident - baseline) / 1048576.0:F1} | {resident / 1048576.0:F1} | {peak / 1048576.0:F1} |"));
        }

        return string.Join(Environment.NewLine, rows) + Environment.NewLine;
    }

    /// <summary>The child side: prints "baseline resident peak" in bytes.</summary>
    public static async Task<int> RunChildAsync(string path)
    {
        LlamaLibrary.EnsureLoaded();
        var (baseline, _) = Machine.Memory();
        using (var engine = LlamaEngine.Create(new LlamaCppOptions { Path = path, ContextSize = 512, MaxSequences = 1, BatchSize = 512, Threads = BenchSettings.Threads }))
        {
            await ThroughputBench.RunAsync(engine, BenchPrompts.Tokenize(engine.Model)[..1], 16);
            var (resident, peak) = Machine.Memory();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{baseline} {resident} {peak}"));
        }

        return 0;
    }

    public static async Task<string> AgreementAsync(int tokens)
    {
        using var reference = LlamaModel.Load(BenchModels.F16);
        var prompts = BenchPrompts.Tokenize(reference);
        var sequences = new List<(int[] Tokens, int PromptLength)>();
        using (var engine = LlamaEngine.Create(new LlamaCppOptions { Path = BenchModels.F16, ContextSize = 512, MaxSequences = 16, BatchSize = 512, Threads = BenchSettings.Threads }))
        {
            var requests = prompts.Select(p => new LlamaRequest(p, tokens, LlamaSamplingSettings.Greedy, true, CancellationToken.None)).ToArray();
            foreach (var request in requests)
            {
                engine.TrySubmit(request);
            }

            foreach (var request in requests)
            {
                await foreach (var _ in request.Pieces.ReadAllAsync())
                {
                }

                sequences.Add(([.. request.Prompt, .. request.Tokens], request.Prompt.Length));
            }
        }

        var f16 = TopTokens(reference, sequences);
        var rows = new List<string>();
        foreach (var type in new[] { "q8_0", "q4_0" })
        {
            using var model = LlamaModel.Load(BenchModels.PathOf(type));
            var quantized = TopTokens(model, sequences);
            var same = f16.Zip(quantized).Count(pair => pair.First == pair.Second);
            Console.WriteLine(FormattableString.Invariant($"  top-1 agreement {type} vs F16: {same}/{f16.Count}"));
            rows.Add(string.Create(CultureInfo.InvariantCulture, $"| {type.ToUpperInvariant()} vs F16 | {prompts.Length} | {f16.Count} | {same} | {100.0 * same / f16.Count:F1}% |"));
        }

        return string.Join(Environment.NewLine, rows) + Environment.NewLine;
    }

    /// <summary>The argmax token at every generated position of every sequence (logits for all positions in one decode).</summary>
    private static unsafe List<int> TopTokens(LlamaModel model, List<(int[] Tokens, int PromptLength)> sequences)
    {
        var parameters = LlamaNative.ContextDefaultParams();
        parameters.ContextSize = 512;
        parameters.BatchSize = 512;
        parameters.MicroBatchSize = 512;
        parameters.Threads = parameters.BatchThreads = BenchSettings.Threads;
        using var context = new SafeLlamaContextHandle(LlamaNative.InitFromModel(model.Handle, parameters), model.Handle);
        using var batch = new LlamaBatchBuffer(512);
        var top = new List<int>();
        foreach (var (tokens, promptLength) in sequences)
        {
            LlamaNative.MemoryClear(LlamaNative.GetMemory(context), data: true);
            batch.Clear();
            for (var i = 0; i < tokens.Length; i++)
            {
                batch.Add(tokens[i], i, 0, logits: i >= promptLength - 1 && i < tokens.Length - 1);
            }

            if (LlamaNative.Decode(context, batch.Native) != 0)
            {
                throw new InvalidOperationException("llama_decode failed in the agreement run.");
            }

            for (var i = promptLength - 1; i < tokens.Length - 1; i++)
            {
                var logits = new ReadOnlySpan<float>(LlamaNative.GetLogits(context, i), model.VocabSize);
                var best = 0;
                for (var t = 1; t < logits.Length; t++)
                {
                    best = logits[t] > logits[best] ? t : best;
                }

                top.Add(best);
            }
        }

        return top;
    }

    private static async Task<(long Baseline, long Resident, long Peak)> MeasureInChildAsync(string path)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!, [typeof(MemoryBench).Assembly.Location, "rss", path, "--threads", BenchSettings.Threads.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) != "dotnet")
        {
            start.ArgumentList.RemoveAt(0); // the apphost itself
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var numbers = output.Trim().Split('\n')[^1].Split(' ').Select(n => long.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        return (numbers[0], numbers[1], numbers[2]);
    }
}
