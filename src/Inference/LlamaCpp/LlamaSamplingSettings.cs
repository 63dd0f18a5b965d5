namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// How one request picks its tokens. <see cref="Temperature"/> 0 is greedy decoding; with a <see cref="Grammar"/> the
/// grammar goes first in the request's sampler chain (so even greedy requests get a chain).
/// </summary>
internal sealed record LlamaSamplingSettings(float Temperature, int TopK, float TopP, float MinP, uint Seed)
{
    public static LlamaSamplingSettings Greedy { get; } = new(0, 0, 1, 0, 0);

    public LlamaGrammar? Grammar { get; init; }

    public bool IsGreedy => Temperature <= 0;

    /// <summary>True when the decode loop may pick the largest logit itself (no chain).</summary>
    public bool NeedsNoChain => IsGreedy && Grammar is null;
}
