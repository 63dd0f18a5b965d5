using System.Diagnostics;
using System.Globalization;
using System.Text;
using ChatHub.Inference.LlamaCpp;
using ChatHub.Inference.LlamaCpp.Native;

namespace ChatHub.Bench;

/// <summary>
/// (1f) How the order and the sequence ids of one decode step's tokens change its cost. With a split KV cache
/// (<c>kv_unified = false</c>, one stream per sequence) llama.cpp cuts a batch into micro-batches of consecutive
/// sequence ids in ascending order (<c>split_equal(…, sequential = true)</c>), and each micro-batch is a pass over
/// all the weights; with a unified cache the batch is one micro-batch whatever its order. Bare steps of one token
/// for each of N sequences, in rounds so that load changes hit every layout alike; medians.
/// </summary>
internal static class LayoutBench
{
    public static string Run(string type, int sequences, int rounds)
    {
        using var model = LlamaModel.Load(BenchModels.PathOf(type));
        var prompts = BenchPrompts.Tokenize(model);
        using var split = new Context(model, sequences, unified: false, prompts);
        using var unified = new Context(model, sequences, unified: true, prompts);
        using var held = new Context(model, sequences, unified: true, prompts, idle: sequences, idleTokens: 400);
        using var heldSplit = new Context(model, sequences, unified: false, prompts, idle: sequences, idleTokens: 400);
        using var heldNoFlash = new Context(model, sequences, unified: true, prompts, idle: sequences, idleTokens: 400, flash: 0);
        using var heldFlash = new Context(model, sequences, unified: true, prompts, idle: sequences, idleTokens: 400, flash: 1);
        var ascending = Enumerable.Range(0, sequences).ToArray();
        var shuffled = ascending.OrderBy(i => (i * 5) % sequences).ThenBy(i => i).ToArray(); // 0 5 2 7 4 1 6 3 for 8
        var gap = ascending.Where(i => i != sequences / 2).ToArray();
        var layouts = new (string Name, Context Context, int[] Order)[]
        {
            ("split cache, 1 sequence", split, [0]),
            ($"split cache, {sequences} ascending ids", split, ascending),
            ($"split cache, {sequences} ids out of order", split, shuffled),
            ($"split cache, {gap.Length} ids with a gap", split, gap),
            ("unified cache, 1 sequence", unified, [0]),
            ($"unified cache, {sequences} ascending ids", unified, ascending),
            ($"unified cache, {sequences} ids out of order", unified, shuffled),
            ($"unified cache, {sequences} ascending ids, {sequences} more sequences of 400 tokens held", held, ascending),
            ($"split cache, {sequences} ascending ids, {sequences} more sequences of 400 tokens held", heldSplit, ascending),
            ($"unified cache, {sequences} ascending ids, {sequences} more sequences of 400 tokens held, flash attention off", heldNoFlash, ascending),
            ($"unified cache, {sequences} ascending ids, {sequences} more sequences of 400 tokens held, flash attention on", heldFlash, ascending),
        };
        var times = layouts.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < layouts.Length; i++)
            {
                times[i].Add(layouts[i].Context.Step(layouts[i].Order));
            }
        }

        var report = new StringBuilder();
        for (var i = 0; i < layouts.Length; i++)
        {
            var median = BareDecoder.Median(times[i]);
            Console.WriteLine(FormattableString.Invariant($"  {type} {layouts[i].Name}: {median:F1} ms"));
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {type.ToUpperInvariant()} | {layouts[i].Name} | {median:F1} | {layouts[i].Order.Length * 1000 / median:F0} |");
        }

        return report.ToString();
    }

    private sealed class Context : IDisposable
    {
        private readonly SafeLlamaContextHandle _context;
        private readonly LlamaBatchBuffer _batch = new(512);
        private readonly int[] _positions;

        public Context(LlamaModel model, int sequences, bool unified, int[][] prompts, int idle = 0, int idleTokens = 0, int flash = -1)
        {
            var parameters = LlamaNative.ContextDefaultParams();
            parameters.ContextSize = (uint)(512 * (sequences + idle));
            parameters.MaxSequences = (uint)(sequences + idle);
            parameters.BatchSize = parameters.MicroBatchSize = 512;
            parameters.Threads = parameters.BatchThreads = BenchSettings.Threads;
            parameters.KvUnified = unified;
            parameters.FlashAttentionType = flash;
            _context = new SafeLlamaContextHandle(LlamaNative.InitFromModel(model.Handle, parameters), model.Handle);
            _positions = new int[sequences];
            for (var sequence = 0; sequence < sequences; sequence++)
            {
                var prompt = prompts[sequence % prompts.Length];
                _batch.Clear();
                for (var i = 0; i < prompt.Length; i++)
                {
                    _batch.Add(prompt[i], i, sequence, logits: i == prompt.Length - 1);
                }

                Decode();
                _positions[sequence] = prompt.Length;
            }

            for (var sequence = sequences; sequence < sequences + idle; sequence++)
            {
                _batch.Clear();
                for (var i = 0; i < idleTokens; i++)
                {
                    _batch.Add(100 + i, i, sequence, logits: i == idleTokens - 1);
                }

                Decode();
            }
        }

        public double Step(int[] order)
        {
            _batch.Clear();
            foreach (var sequence in order)
            {
                _batch.Add(100 + sequence, _positions[sequence], sequence, logits: true);
            }

            var started = Stopwatch.GetTimestamp();
            Decode();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            foreach (var sequence in order)
            {
                LlamaNative.MemorySequenceRemove(LlamaNative.GetMemory(_context), sequence, _positions[sequence], -1);
            }

            return elapsed;
        }

        public void Dispose()
        {
            _batch.Dispose();
            _context.Dispose();
        }

        private void Decode()
        {
            if (LlamaNative.Decode(_context, _batch.Native) != 0)
            {
                throw new InvalidOperationException("llama_decode failed in the layout run.");
            }
        }
    }
}
