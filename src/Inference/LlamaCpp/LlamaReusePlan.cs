namespace ChatHub.Inference.LlamaCpp;

/// <summary>How a new request gets its sequence (see <see cref="LlamaPromptCache.Plan"/>).</summary>
internal enum LlamaReuseKind
{
    /// <summary>Nothing to reuse: the target is emptied (after a copy to host memory when <see cref="LlamaReusePlan.SaveFirst"/>).</summary>
    Cold,

    /// <summary>The target holds the prefix itself: its cells after <see cref="LlamaReusePlan.Reuse"/> tokens are removed.</summary>
    InPlace,

    /// <summary>Another idle slot holds the prefix and would lose too much: its cells are copied into the free target.</summary>
    CopyFromSlot,

    /// <summary>A copy in host memory holds the prefix: restored into the target (emptied first, as for <see cref="Cold"/>).</summary>
    Restore,
}

/// <summary>
/// The prompt cache's decision for one request: which slot it decodes in and how many leading prompt tokens it takes
/// from the cache (<see cref="Reuse"/>, always below the prompt's length, so that the last prompt token is decoded and
/// gives the first logits).
/// </summary>
internal readonly record struct LlamaReusePlan(
    LlamaReuseKind Kind, LlamaSlot Target, int Reuse, LlamaSlot? Source = null, LlamaSavedSequence? Saved = null, bool SaveFirst = false);
