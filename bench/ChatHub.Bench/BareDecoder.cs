using System.Diagnostics;
using ChatHub.Inference.LlamaCpp;
using ChatHub.Inference.LlamaCpp.Native;

namespace ChatHub.Bench;

/// <summary>
/// llama.cpp without the engine: its own context on an already loaded model (same weights, same threads, split KV
/// cache as the engine's), N sequences prefilled with the benchmark prompts, then decode steps of one token for each
/// of the first n sequences, with logits for every token as the engine asks for them.
/// </summary>
internal sealed class BareDecoder : IDisposable
{
    private readonly SafeLlamaContextHandle _context;
    private readonly LlamaBatchBuffer _batch = new(512);
    private readonly int _sequences;
    private readonly int[] _positions;

    public BareDecoder(LlamaModel model, int sequences, int threads)
    {
        var parameters = LlamaNative.ContextDefaultParams();
        parameters.ContextSize = (uint)(512 * sequences);
        parameters.MaxSequences = (uint)sequences;
        parameters.BatchSize = parameters.MicroBatchSize = 512;
        parameters.Threads = parameters.BatchThreads = threads;
        parameters.KvUnified = false; // as the engine
        _context = new SafeLlamaContextHandle(LlamaNative.InitFromModel(model.Handle, parameters), model.Handle);
        _sequences = sequences;
        _positions = new int[sequences];
    }

    /// <summary>Empties the context and prefills sequence i with prompt i (each alone, as the engine prefills a new conversation).</summary>
    public void Prepare(int[][] prompts)
    {
        LlamaNative.MemoryClear(LlamaNative.GetMemory(_context), data: true);
        for (var sequence = 0; sequence < _sequences; sequence++)
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
    }

    /// <summary>
    /// Milliseconds of one <c>llama_decode</c> with one token for each of the first <paramref name="sequences"/>
    /// sequences at the position after its prompt; the cells are removed again, so every step costs the same.
    /// </summary>
    public double Step(int sequences)
    {
        _batch.Clear();
        for (var sequence = 0; sequence < sequences; sequence++)
        {
            _batch.Add(100 + sequence, _positions[sequence], sequence, logits: true);
        }

        var started = Stopwatch.GetTimestamp();
        Decode();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var memory = LlamaNative.GetMemory(_context);
        for (var sequence = 0; sequence < sequences; sequence++)
        {
            LlamaNative.MemorySequenceRemove(memory, sequence, _positions[sequence], -1);
        }

        return elapsed;
    }

    /// <summary>Median milliseconds of a step of one token and of a step of one token for each sequence, over <paramref name="pairs"/> alternating pairs.</summary>
    public (double Single, double Batched) Measure(int pairs)
    {
        var single = new List<double>();
        var batched = new List<double>();
        for (var pair = 0; pair < pairs; pair++)
        {
            single.Add(Step(1));
            batched.Add(Step(_sequences));
        }

        return (Median(single), Median(batched));
    }

    public void Dispose()
    {
        _batch.Dispose();
        _context.Dispose();
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private void Decode()
    {
        var result = LlamaNative.Decode(_context, _batch.Native);
        if (result != 0)
        {
            throw new InvalidOperationException($"llama_decode failed with {result} in the bare decoder.");
        }
    }
}
