namespace ChatHub.Inference.LlamaCpp;

/// <summary>How one request picks its tokens. <see cref="Temperature"/> 0 is greedy decoding.</summary>
internal sealed record LlamaSamplingSettings(float Temperature, int TopK, float TopP, float MinP, uint Seed)
{
    public static LlamaSamplingSettings Greedy { get; } = new(0, 0, 1, 0, 0);

    public bool IsGreedy => Temperature <= 0;
}
