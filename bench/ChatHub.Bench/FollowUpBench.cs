using System.Diagnostics;
using System.Globalization;
using System.Text;
using ChatHub.Inference.LlamaCpp;
using Microsoft.Extensions.AI;

namespace ChatHub.Bench;

/// <summary>
/// (4) Follow-up turns: time to first token of turn t of a conversation with the prompt cache (the conversation's
/// previous turns still held) against a cold start with the same history (a second engine on the same model file,
/// prompt cache off), both in one process, alternating which goes first. The conversation is built through the real
/// path (<see cref="LlamaCppChatClient"/>: chat template, the replies the model gave); each turn's prompt is then
/// tokenized by the client's own prompt builder and submitted to both engines. After the last turn, eight other
/// conversations take every slot, so the next turn of the first one is restored from host memory (third column).
/// Reported: prompt and reused tokens, TTFT medians, warm / cold, and what the cache holds.
/// </summary>
internal static class FollowUpBench
{
    private static readonly string[] FollowUps =
    [
        "Can you say more about that?", "Why is that so?", "And what about the web widget?", "How long does it take?",
        "Is that the same on Discord?", "What would you do next?", "Thanks. One more question: where is it stored?",
    ];

    public static async Task<string> RunAsync(string type, int turns, int tokens, int rounds)
    {
        var options = new LlamaCppOptions
        {
            Path = BenchModels.PathOf(type),
            ContextSize = 2048,
            MaxSequences = 8,
            BatchSize = 512,
            Threads = BenchSettings.Threads,
            MaxTokens = tokens,
            Temperature = 0,
            SystemPrompt = BenchPrompts.SystemPrompt,
        };
        using var client = LlamaCppChatClient.Create(options);
        using var cold = LlamaEngine.Create(new LlamaCppOptions
        {
            Path = options.Path, ContextSize = options.ContextSize, MaxSequences = 1, BatchSize = options.BatchSize, Threads = options.Threads, PromptCache = false,
        });
        var warm = client.Engine;
        var instance = warm.Instances[0];
        await ThroughputBench.RunAsync(cold, BenchPrompts.Tokenize(cold.Model)[..1], 4); // warm-up

        var rows = Enumerable.Range(0, turns + 1).Select(_ => new List<Sample>()).ToArray();
        var usage = new List<LlamaPromptCacheUsage>();
        for (var round = 0; round < rounds; round++)
        {
            List<ChatMessage> messages = [new(ChatRole.User, BenchPrompts.Questions[round % BenchPrompts.Questions.Length])];
            messages.Add(new ChatMessage(ChatRole.Assistant, (await client.GetResponseAsync(messages)).Text));
            for (var turn = 2; turn <= turns + 1; turn++)
            {
                if (turn == turns + 1)
                {
                    usage.Add(instance.PromptCache);
                    await CrowdOutAsync(client, round); // every slot taken by others: this conversation goes to host memory
                }

                messages.Add(new ChatMessage(ChatRole.User, FollowUps[(round + turn) % FollowUps.Length]));
                var prompt = client.Prompts.Build(messages, options.ContextSize - tokens, out _);
                var warmFirst = (round + turn) % 2 == 0;
                var coldSample = warmFirst ? default : await MeasureAsync(cold, prompt, tokens);
                var reusedBefore = instance.Statistics.ReusedPromptTokens;
                var warmSample = await MeasureAsync(warm, prompt, tokens);
                var reused = (int)(instance.Statistics.ReusedPromptTokens - reusedBefore);
                coldSample = warmFirst ? await MeasureAsync(cold, prompt, tokens) : coldSample;
                var same = warmSample.Tokens.ToArray().AsSpan().CommonPrefixLength(coldSample.Tokens.ToArray());
                var sample = new Sample(prompt.Length, reused, warmSample.FirstToken, coldSample.FirstToken, same, warmSample.Tokens.Count);
                rows[turn - 2].Add(sample);
                Console.WriteLine(FormattableString.Invariant(
                    $"    {type} round {round + 1}, turn {turn}{(turn == turns + 1 ? " (restored from host memory)" : string.Empty)}: {prompt.Length} prompt tokens, {reused} reused; first token warm {sample.Warm.TotalMilliseconds:F0} ms (prompt steps {warmSample.PromptSteps.TotalMilliseconds:F0}), cold {sample.Cold.TotalMilliseconds:F0} ms (prompt steps {coldSample.PromptSteps.TotalMilliseconds:F0}) = {sample.Ratio:P0}, replies identical for {same} of {warmSample.Tokens.Count} tokens (load {Machine.LoadAverage().Split(' ')[0]})"));
                client.Replies.Remember(warmSample.Text, warmSample.Tokens); // as the client does after a reply
                messages.Add(new ChatMessage(ChatRole.Assistant, warmSample.Text));
            }
        }

        var report = new StringBuilder();
        for (var turn = 2; turn <= turns + 1; turn++)
        {
            var samples = rows[turn - 2];
            double Median(Func<Sample, double> value) => BareDecoder.Median(samples.Select(value));
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {type.ToUpperInvariant()} | {turn}{(turn == turns + 1 ? ", after 8 other conversations took every slot (restored from host memory)" : string.Empty)} | {Median(s => s.PromptTokens):F0} | {Median(s => s.Reused):F0} | " +
                $"{Median(s => s.Cold.TotalMilliseconds):F0} | {Median(s => s.Warm.TotalMilliseconds):F0} | **{Median(s => s.Ratio):P0}** | {samples.Count(s => s.SameTokens == s.Tokens)} of {samples.Count} |");
        }

        var held = usage[^1];
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"{type.ToUpperInvariant()}: before the last turn of the last round the cache held {held.HeldSequences} idle sequences ({held.HeldTokens} tokens, {held.HeldBytes / 1048576.0:F1} MiB of KV cells in the context) " +
            $"and {held.SavedSequences} copies in host memory ({held.SavedTokens} tokens, {held.SavedBytes / 1048576.0:F1} MiB of the {LlamaCppOptions.DefaultPromptCacheBytes / 1048576} MiB budget); " +
            $"at the end: {Describe(instance.PromptCache)}.");
        return report.ToString();
    }

    private static string Describe(LlamaPromptCacheUsage usage) => string.Create(CultureInfo.InvariantCulture,
        $"{usage.HeldSequences} idle sequences ({usage.HeldTokens} tokens, {usage.HeldBytes / 1048576.0:F1} MiB), {usage.SavedSequences} copies ({usage.SavedTokens} tokens, {usage.SavedBytes / 1048576.0:F1} MiB)");

    /// <summary>Eight new conversations at once (one turn each): they take every slot of the instance.</summary>
    private static async Task CrowdOutAsync(LlamaCppChatClient client, int round)
    {
        var others = Enumerable.Range(1, 8)
            .Select(i => client.GetResponseAsync([new ChatMessage(ChatRole.User, BenchPrompts.Questions[(round + i) % BenchPrompts.Questions.Length] + " (" + i.ToString(CultureInfo.InvariantCulture) + ")")]));
        await Task.WhenAll(others);
    }

    /// <summary>Submits <paramref name="prompt"/> and returns the time to its first text and its tokens.</summary>
    private static async Task<Timed> MeasureAsync(LlamaEngine engine, int[] prompt, int tokens)
    {
        var request = new LlamaRequest(prompt, tokens, LlamaSamplingSettings.Greedy, interactive: true, CancellationToken.None);
        var steps = new System.Collections.Concurrent.ConcurrentQueue<LlamaStepTiming>();
        engine.Instances[0].StepObserver = steps.Enqueue;
        var started = Stopwatch.GetTimestamp();
        if (!engine.TrySubmit(request))
        {
            throw new InvalidOperationException("The engine refused a benchmark request.");
        }

        TimeSpan? first = null;
        var text = new StringBuilder();
        await foreach (var piece in request.Pieces.ReadAllAsync())
        {
            first ??= Stopwatch.GetElapsedTime(started);
            text.Append(piece);
        }

        engine.Instances[0].StepObserver = null;
        var prefill = TimeSpan.FromTicks(steps.Where(step => !step.IsGenerationOnly).Sum(step => step.Step.Ticks));
        return new Timed(first ?? Stopwatch.GetElapsedTime(started), request.Tokens, text.ToString(), prefill);
    }

    private readonly record struct Timed(TimeSpan FirstToken, List<int> Tokens, string Text, TimeSpan PromptSteps);

    private sealed record Sample(int PromptTokens, int Reused, TimeSpan Warm, TimeSpan Cold, int SameTokens, int Tokens)
    {
        public double Ratio => Warm / Cold;
    }
}
