namespace ChatHub.Inference.LlamaCpp;

/// <summary>The shape of one <see cref="LlamaInstance"/>: its sequences, their context, the batch, threads, queue and prompt cache.</summary>
internal sealed record LlamaInstanceSettings(
    int ContextSize, int MaxSequences, int BatchSize, int Threads, int QueueCapacity, int PrefillChunk,
    bool PromptCache = true, long PromptCacheBytes = LlamaCppOptions.DefaultPromptCacheBytes, bool AdaptiveBatching = true)
{
    public static LlamaInstanceSettings From(LlamaCppOptions options, int processorCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new LlamaInstanceSettings(
            options.ContextSize, options.MaxSequences, options.BatchSize, options.ThreadsPerInstance(processorCount),
            options.QueueCapacity, options.PrefillChunk, options.PromptCache, options.PromptCacheBytes / options.Instances,
            options.AdaptiveBatching);
    }
}
