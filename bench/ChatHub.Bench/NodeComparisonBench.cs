using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ChatHub.Inference.LlamaCpp;

namespace ChatHub.Bench;

/// <summary>
/// (2) Single-sequence decoding, ChatHub against node-llama-cpp 3.22.1 (bench/node-llama-cpp) in one run: the same
/// model file, prompt tokens, thread count and greedy sampling. Decode rate = (tokens - 1) / (last token - first token).
/// </summary>
internal static class NodeComparisonBench
{
    public static async Task<string> RunAsync(string type, int tokens, int runs)
    {
        var path = BenchModels.PathOf(type);
        var threads = BenchSettings.Threads;
        var ours = new List<(double Decode, double FirstMs, List<int> Tokens)>();
        var theirs = new List<(double Decode, double FirstMs, List<int> Tokens)>();
        JsonElement release = default;
        using (var engine = LlamaEngine.Create(new LlamaCppOptions { Path = path, ContextSize = 512, MaxSequences = 1, BatchSize = 512, Threads = threads }))
        {
            var prompts = BenchPrompts.Tokenize(engine.Model)[..4];
            await ThroughputBench.RunAsync(engine, prompts[..1], 8); // warm-up

            // Rounds alternate between the two, so that a change in the machine's load hits both alike.
            for (var round = 0; round < runs; round++)
            {
                foreach (var prompt in prompts)
                {
                    ours.Add(await MeasureAsync(engine, prompt, tokens));
                }

                using var node = await RunNodeAsync(path, threads, prompts, tokens, runs: 1);
                release = node.RootElement.GetProperty("llamaCppRelease").Clone();
                theirs.AddRange(node.RootElement.GetProperty("results").EnumerateArray().Select(result => (
                    Decode: (result.GetProperty("tokens").GetArrayLength() - 1) / (result.GetProperty("decodeMs").GetDouble() / 1000),
                    FirstMs: result.GetProperty("firstTokenMs").GetDouble(),
                    Tokens: result.GetProperty("tokens").EnumerateArray().Select(token => token.GetInt32()).ToList())));
            }
        }

        var same = ours.Zip(theirs).Count(pair => pair.First.Tokens.SequenceEqual(pair.Second.Tokens));
        double Median(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);
        Console.WriteLine(FormattableString.Invariant($"  {type}: ChatHub {Median(ours.Select(o => o.Decode)):F1} tok/s, node-llama-cpp {Median(theirs.Select(t => t.Decode)):F1} tok/s, identical greedy tokens {same}/{ours.Count}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"| {type.ToUpperInvariant()} | {Median(ours.Select(o => o.Decode)):F1} | {Median(theirs.Select(t => t.Decode)):F1} | " +
            $"{Median(ours.Select(o => o.Decode)) / Median(theirs.Select(t => t.Decode)):F2}× | {Median(ours.Select(o => o.FirstMs)):F0} / {Median(theirs.Select(t => t.FirstMs)):F0} | " +
            $"{same}/{ours.Count} | {release}|{Environment.NewLine}");
    }

    private static async Task<(double Decode, double FirstMs, List<int> Tokens)> MeasureAsync(LlamaEngine engine, int[] prompt, int tokens)
    {
        var request = new LlamaRequest(prompt, tokens, LlamaSamplingSettings.Greedy, interactive: true, CancellationToken.None);
        var start = Stopwatch.GetTimestamp();
        engine.TrySubmit(request);
        long first = 0;
        await foreach (var _ in request.Pieces.ReadAllAsync())
        {
            if (first == 0)
            {
                first = Stopwatch.GetTimestamp();
            }
        }

        var end = Stopwatch.GetTimestamp();
        var decodeSeconds = Stopwatch.GetElapsedTime(first, end).TotalSeconds;
        return ((request.Tokens.Count - 1) / decodeSeconds, Stopwatch.GetElapsedTime(start, first).TotalMilliseconds, request.Tokens);
    }

    private static async Task<JsonDocument> RunNodeAsync(string model, int threads, int[][] prompts, int tokens, int runs)
    {
        var folder = Path.Combine(Path.GetDirectoryName(BenchModels.Directory)!, "..", "bench", "node-llama-cpp");
        folder = Path.GetFullPath(folder);
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "node-llama-cpp")))
        {
            await RunProcessAsync("npm", "ci --no-audit --no-fund --ignore-scripts --omit=optional", folder);
        }

        var job = Path.Combine(BenchModels.Directory, "node-job.json");
        await File.WriteAllTextAsync(job, JsonSerializer.Serialize(new
        {
            modelPath = model, threads, contextSize = 512, batchSize = 512, maxTokens = tokens, runs, prompts,
        }));
        var output = await RunProcessAsync("node", $"bench.mjs \"{job}\"", folder);
        return JsonDocument.Parse(output.Split('\n').Last(line => line.StartsWith('{')));
    }

    private static async Task<string> RunProcessAsync(string file, string arguments, string folder)
    {
        var start = new ProcessStartInfo(file, arguments) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} exited with {process.ExitCode}: {await error}");
        }

        return await output;
    }
}
