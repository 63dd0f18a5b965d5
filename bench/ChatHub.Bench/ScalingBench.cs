using System.Diagnostics;
using System.Globalization;
using System.Text;
using ChatHub.Inference.LlamaCpp.Native;
using ChatHub.Inference.LlamaCpp;

namespace ChatHub.Bench;

/// <summary>
/// The hardware ceiling of batching: the time of one <c>llama_decode</c> that carries one generated token for each of
/// N sequences (N = 1 … 16), so the per-token cost at N against N = 1 bounds what continuous batching can gain.
/// </summary>
internal static class ScalingBench
{
    public static unsafe string Run(string type, int[] sizes, int steps)
    {
        using var model = LlamaModel.Load(BenchModels.PathOf(type));
        var max = sizes.Max();
        var parameters = LlamaNative.ContextDefaultParams();
        parameters.ContextSize = (uint)(256 * max);
        parameters.MaxSequences = (uint)max;
        parameters.BatchSize = parameters.MicroBatchSize = 512;
        parameters.Threads = parameters.BatchThreads = BenchSettings.Threads;
        using var context = new SafeLlamaContextHandle(LlamaNative.InitFromModel(model.Handle, parameters), model.Handle);
        using var batch = new LlamaBatchBuffer(512);
        var report = new StringBuilder();
        double single = 0;
        foreach (var size in sizes)
        {
            LlamaNative.MemoryClear(LlamaNative.GetMemory(context), data: true);
            var times = new List<double>();
            for (var step = 0; step < steps + 2; step++)
            {
                batch.Clear();
                for (var sequence = 0; sequence < size; sequence++)
                {
                    batch.Add(100 + sequence + step, step, sequence, logits: true);
                }

                var start = Stopwatch.GetTimestamp();
                if (LlamaNative.Decode(context, batch.Native) != 0)
                {
                    throw new InvalidOperationException("llama_decode failed in the scaling run.");
                }

                if (step >= 2)
                {
                    times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }

            var median = times.Order().ElementAt(times.Count / 2);
            single = size == 1 ? median : single;
            var rate = size * 1000 / median;
            Console.WriteLine(FormattableString.Invariant($"  {type} batch of {size}: {median:F1} ms per step, {rate:F1} tok/s"));
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {type.ToUpperInvariant()} | {size} | {median:F1} | {rate:F1} | {(single > 0 ? rate / (1000 / single) : 1):F2}× |");
        }

        return report.ToString();
    }
}
