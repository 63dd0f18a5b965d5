namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// One decode step as the decode loop saw it (diagnostics and benchmarks): the sequences and tokens in the batch, the
/// generated tokens among them (the rest were prompt tokens), the time inside <c>llama_decode</c>, and the whole step
/// from admission to the last sample.
/// </summary>
internal readonly record struct LlamaStepTiming(int Sequences, int Tokens, int Generated, TimeSpan Decode, TimeSpan Step)
{
    /// <summary>True when the batch held only generated tokens (no prompt chunk).</summary>
    public bool IsGenerationOnly => Tokens == Generated;
}
