using System.Runtime.Intrinsics;

namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// Greedy decoding without a sampler chain: the index of the largest logit, exactly as llama.cpp's greedy sampler
/// picks it (the first index whose logit no later one exceeds with <c>&gt;</c>, so ties and +0/−0 go to the earlier
/// token, and a NaN in front wins). <c>llama_sampler_sample</c> first copies all logits into a candidate array (12
/// bytes per vocabulary entry) and then scans it; on the decode thread, once per sequence and step, that copy cost
/// more than the scan. Two vectorized passes over the logits instead: the maximum, then its first index.
/// </summary>
internal static class LlamaGreedy
{
    public static int ArgMax(ReadOnlySpan<float> logits)
    {
        if (logits.IsEmpty)
        {
            throw new ArgumentException("No logits.", nameof(logits));
        }

        if (!Vector256.IsHardwareAccelerated || logits.Length < 2 * Vector256<float>.Count || float.IsNaN(logits[0]))
        {
            return ArgMaxScalar(logits);
        }

        // Pass 1: the maximum. Vector256.Max follows IEEE 754 maximum (a NaN anywhere makes it NaN).
        var width = Vector256<float>.Count;
        var max = Vector256.Create(float.NegativeInfinity);
        var i = 0;
        for (; i <= logits.Length - width; i += width)
        {
            max = Vector256.Max(max, Vector256.Create(logits.Slice(i, width)));
        }

        var highest = float.NegativeInfinity;
        for (var lane = 0; lane < width; lane++)
        {
            highest = MathF.Max(highest, max.GetElement(lane));
        }

        for (; i < logits.Length; i++)
        {
            highest = MathF.Max(highest, logits[i]);
        }

        if (float.IsNaN(highest))
        {
            return ArgMaxScalar(logits); // a NaN after the first entry: the scalar rule decides
        }

        // Pass 2: the first index equal to it (== treats +0 and −0 alike, as > does).
        var target = Vector256.Create(highest);
        for (i = 0; i <= logits.Length - width; i += width)
        {
            var mask = Vector256.Equals(Vector256.Create(logits.Slice(i, width)), target).ExtractMostSignificantBits();
            if (mask != 0)
            {
                return i + System.Numerics.BitOperations.TrailingZeroCount(mask);
            }
        }

        for (; i < logits.Length; i++)
        {
            if (logits[i] == highest)
            {
                return i;
            }
        }

        return ArgMaxScalar(logits); // unreachable: the maximum is one of the values
    }

    /// <summary>llama.cpp's loop (<c>llama_sampler_greedy_apply</c>), for short inputs and NaNs.</summary>
    internal static int ArgMaxScalar(ReadOnlySpan<float> logits)
    {
        var selected = 0;
        for (var i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[selected])
            {
                selected = i;
            }
        }

        return selected;
    }
}
