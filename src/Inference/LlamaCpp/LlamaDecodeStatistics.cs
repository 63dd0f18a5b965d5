namespace ChatHub.Inference.LlamaCpp;

/// <summary>Counters of one instance's decode loop: steps, tokens in them (generated and prompt), time in <c>llama_decode</c>.</summary>
internal sealed class LlamaDecodeStatistics
{
    private long _steps;
    private long _tokens;
    private long _generated;
    private long _ticks;

    public long Steps => Interlocked.Read(ref _steps);

    public long Tokens => Interlocked.Read(ref _tokens);

    /// <summary>Tokens that were one sequence's next generated token (the rest were prompt tokens).</summary>
    public long GeneratedTokens => Interlocked.Read(ref _generated);

    public TimeSpan DecodeTime => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    public void Record(int tokens, int generated, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _steps);
        Interlocked.Add(ref _tokens, tokens);
        Interlocked.Add(ref _generated, generated);
        Interlocked.Add(ref _ticks, elapsed.Ticks);
    }

    public override string ToString() =>
        FormattableString.Invariant($"{Steps} steps, {Tokens} tokens ({GeneratedTokens} generated), {DecodeTime.TotalSeconds:F2} s in llama_decode");
}
