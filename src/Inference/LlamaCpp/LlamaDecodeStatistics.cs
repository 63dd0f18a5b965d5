namespace ChatHub.Inference.LlamaCpp;

/// <summary>Counters of one instance's decode loop: steps, tokens in them (generated and prompt), time in <c>llama_decode</c>, prompt tokens reused.</summary>
internal sealed class LlamaDecodeStatistics
{
    private long _steps;
    private long _tokens;
    private long _generated;
    private long _ticks;
    private long _promptTokens;
    private long _reusedPromptTokens;
    private long _bridgeTokens;

    public long Steps => Interlocked.Read(ref _steps);

    public long Tokens => Interlocked.Read(ref _tokens);

    /// <summary>Tokens that were one sequence's next generated token (the rest were prompt tokens).</summary>
    public long GeneratedTokens => Interlocked.Read(ref _generated);

    public TimeSpan DecodeTime => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    /// <summary>Prompt tokens of admitted requests, reused or not.</summary>
    public long PromptTokens => Interlocked.Read(ref _promptTokens);

    /// <summary>Prompt tokens taken from the prompt cache instead of being decoded.</summary>
    public long ReusedPromptTokens => Interlocked.Read(ref _reusedPromptTokens);

    /// <summary>Throwaway tokens that closed gaps in a batch's sequence ids (not counted in <see cref="Tokens"/>).</summary>
    public long BridgeTokens => Interlocked.Read(ref _bridgeTokens);

    public void RecordBridge(int tokens) => Interlocked.Add(ref _bridgeTokens, tokens);

    public void RecordPrompt(int tokens, int reused)
    {
        Interlocked.Add(ref _promptTokens, tokens);
        Interlocked.Add(ref _reusedPromptTokens, reused);
    }

    public void Record(int tokens, int generated, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _steps);
        Interlocked.Add(ref _tokens, tokens);
        Interlocked.Add(ref _generated, generated);
        Interlocked.Add(ref _ticks, elapsed.Ticks);
    }

    public override string ToString() =>
        FormattableString.Invariant($"{Steps} steps, {Tokens} tokens ({GeneratedTokens} generated), {DecodeTime.TotalSeconds:F2} s in llama_decode, {ReusedPromptTokens} of {PromptTokens} prompt tokens from the prompt cache");
}
