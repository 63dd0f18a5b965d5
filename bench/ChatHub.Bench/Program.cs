using System.Globalization;
using System.Text;
using ChatHub.Bench;
using ChatHub.Inference.LlamaCpp.Native;

// ChatHub inference benchmarks. `all` (default) runs (1) throughput, (2) node-llama-cpp comparison and (3) memory and
// agreement, and writes a Markdown report to artifacts/bench/report.md. `rss <model>` is the memory child.
var command = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "all";
BenchSettings.Parse(args);
if (command == "rss")
{
    return await MemoryBench.RunChildAsync(args[1]);
}

var tokens = BenchSettings.Tokens;
var library = LlamaLibrary.EnsureLoaded();
await BenchModels.EnsureAsync();
var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine.Describe()}");
report.AppendLine(CultureInfo.InvariantCulture, $"llama.cpp {library.Version}: {library.SystemInfo.Trim()}");
report.AppendLine(CultureInfo.InvariantCulture, $"Command: dotnet run -c Release --project bench/ChatHub.Bench -- {string.Join(' ', args.DefaultIfEmpty("all"))}");
report.AppendLine(CultureInfo.InvariantCulture, $"Load average before: {Machine.LoadAverage()}");
report.AppendLine();

if (command is "all" or "throughput")
{
    Console.WriteLine("(1) Throughput");
    report.AppendLine(CultureInfo.InvariantCulture, $"### (1) Aggregate throughput ({tokens} tokens per reply, greedy, {BenchSettings.Threads} threads, one instance)");
    report.AppendLine();
    report.AppendLine("| model | conversations | one at a time, tok/s | all at once, tok/s (aggregate) | speedup (median of rounds) |");
    report.AppendLine("|---|---|---|---|---|");
    foreach (var type in BenchSettings.Models)
    {
        report.Append(await ThroughputBench.RunAsync(type, BenchSettings.Conversations, tokens, BenchSettings.Repeats));
    }

    report.AppendLine();
}

if (command is "all" or "scaling")
{
    Console.WriteLine("(1b) Decode-step scaling");
    report.AppendLine("### (1b) Cost of one decode step with one token for each of N sequences (the ceiling of batching)");
    report.AppendLine();
    report.AppendLine("| model | sequences in the step | ms per step | tokens/s | vs 1 sequence |");
    report.AppendLine("|---|---|---|---|---|");
    foreach (var type in BenchSettings.Models)
    {
        report.Append(ScalingBench.Run(type, [1, 2, 4, 8, 16], steps: 20));
    }

    report.AppendLine();
}

if (command is "all" or "batching")
{
    var conversations = BenchSettings.Conversations.Max();
    Console.WriteLine("(1e) Engine batching against bare llama_decode");
    report.AppendLine(CultureInfo.InvariantCulture, $"### (1e) Batching: the engine against bare llama_decode, same process, same model, {conversations} conversations, {tokens} tokens per reply, {BenchSettings.Threads} threads (medians of {BenchSettings.Repeats} rounds)");
    report.AppendLine();
    report.AppendLine("| model | N | rounds | load (1 min) first–last round | bare ms per step, 1 / N tokens | bare ratio | engine end to end | of bare | engine generation phase | of bare | engine step / bare step, at 1 / at N | steps N at once (mean size) | step time on prompt steps, N at once / one at a time |");
    report.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    foreach (var type in BenchSettings.Models)
    {
        report.Append(await BatchingBench.RunAsync(type, conversations, tokens, BenchSettings.Repeats));
    }

    report.AppendLine();
}

if (command is "all" or "layout")
{
    var sequences = BenchSettings.Conversations.Max();
    Console.WriteLine("(1f) Batch layout");
    report.AppendLine(CultureInfo.InvariantCulture, $"### (1f) One decode step of one token for each of {sequences} sequences: split or unified KV cache, token order and gaps ({BenchSettings.Threads} threads, medians of {BenchSettings.Repeats * 10} rounds)");
    report.AppendLine();
    report.AppendLine("| model | layout | ms per step | tokens/s |");
    report.AppendLine("|---|---|---|---|");
    foreach (var type in BenchSettings.Models)
    {
        report.Append(LayoutBench.Run(type, sequences, BenchSettings.Repeats * 10));
    }

    report.AppendLine();
}

if (command is "all" or "followup")
{
    Console.WriteLine("(4) Follow-up turns");
    report.AppendLine(CultureInfo.InvariantCulture, $"### (4) Follow-up turns: time to first token with the prompt cache against a cold start with the same history ({tokens} tokens per reply, greedy, {BenchSettings.Threads} threads, context 2048, 8 sequences; medians of {BenchSettings.Repeats} conversations)");
    report.AppendLine();
    report.AppendLine("| model | turn | prompt tokens | reused from the cache | cold first token ms | warm first token ms | warm / cold | greedy replies identical |");
    report.AppendLine("|---|---|---|---|---|---|---|---|");
    foreach (var type in BenchSettings.Models)
    {
        report.Append(await FollowUpBench.RunAsync(type, BenchSettings.Turns, tokens, BenchSettings.Repeats));
    }

    report.AppendLine();
}

if (command is "all" or "node")
{
    Console.WriteLine("(2) node-llama-cpp");
    report.AppendLine(CultureInfo.InvariantCulture, $"### (2) Single sequence: ChatHub vs node-llama-cpp 3.22.1 ({tokens} tokens, 4 prompts × 3 alternating rounds, medians)");
    report.AppendLine();
    report.AppendLine("| model | ChatHub decode tok/s | node-llama-cpp decode tok/s | ratio | first token ms (ChatHub / node) | identical greedy tokens | node's llama.cpp |");
    report.AppendLine("|---|---|---|---|---|---|---|");
    foreach (var type in new[] { "q8_0", "q4_0" })
    {
        report.Append(await NodeComparisonBench.RunAsync(type, tokens, runs: 3));
    }

    report.AppendLine();
}

if (command is "all" or "memory")
{
    Console.WriteLine("(3) Memory and agreement");
    report.AppendLine("### (3) File size and resident memory (fresh process each; context 512 tokens, 1 sequence, after 16 tokens)");
    report.AppendLine();
    report.AppendLine("| model | file MiB | RSS added by model + context MiB | RSS MiB | peak RSS MiB |");
    report.AppendLine("|---|---|---|---|---|");
    report.Append(await MemoryBench.RunAsync());
    report.AppendLine();
    report.AppendLine("Top-1 agreement with F16 (teacher forcing on F16's greedy continuation, 32 positions per prompt):");
    report.AppendLine();
    report.AppendLine("| model | prompts | positions | same top-1 | agreement |");
    report.AppendLine("|---|---|---|---|---|");
    report.Append(await MemoryBench.AgreementAsync(33));
}

report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"Load average after: {Machine.LoadAverage()}");
var path = Path.Combine(BenchModels.Directory, "report.md");
await File.WriteAllTextAsync(path, report.ToString());
Console.WriteLine();
Console.WriteLine(report);
Console.WriteLine($"Report written to {path}");
return 0;
