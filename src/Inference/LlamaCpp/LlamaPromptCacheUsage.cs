namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// What an instance's prompt cache holds: idle sequences keeping a finished conversation's KV cells in the context
/// (their memory is part of the context, allocated at start) and copies in host memory (bounded by
/// <see cref="LlamaCppOptions.PromptCacheBytes"/>).
/// </summary>
internal sealed record LlamaPromptCacheUsage(
    int HeldSequences, long HeldTokens, long HeldBytes, int SavedSequences, long SavedTokens, long SavedBytes)
{
    public static LlamaPromptCacheUsage Empty { get; } = new(0, 0, 0, 0, 0, 0);
}
