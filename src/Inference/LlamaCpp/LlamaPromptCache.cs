namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// What an instance remembers of finished conversations so that the next turn does not read the whole conversation
/// again (the idea of llama.cpp server's <c>cache_prompt</c>): the KV cells a slot holds when its reply ends stay in
/// the context while the slot is idle, and a copy of them moves to host memory (within <see cref="BudgetBytes"/>, least
/// recently used first out) when the slot is needed for someone else. A new prompt reuses the longest prefix that is
/// equal, token by token, to what a slot or a copy holds; nothing else is ever matched (no hashes, no keys), so a
/// conversation's cells serve another prompt only for tokens identical to that prompt's own, whose cells it would have
/// computed itself. Bookkeeping only: the instance performs the native work the <see cref="LlamaReusePlan"/> asks for.
/// Used by the decode thread alone.
/// </summary>
internal sealed class LlamaPromptCache
{
    /// <summary>A slot that would lose at least this many tokens to another request is kept (copied) instead.</summary>
    public const int MinKeptTokens = 16;

    private readonly LlamaSlot[] _slots;
    private readonly List<LlamaSavedSequence> _saved = [];
    private long _clock;

    public LlamaPromptCache(int sequences, int sequenceContext, bool enabled, long budgetBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequences, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(budgetBytes);
        _slots = [.. Enumerable.Range(0, sequences).Select(id => new LlamaSlot(id, sequenceContext))];
        Enabled = enabled;
        BudgetBytes = enabled ? budgetBytes : 0;
        Usage = LlamaPromptCacheUsage.Empty;
    }

    /// <summary>False: every slot is emptied when its request ends and nothing is reused.</summary>
    public bool Enabled { get; }

    /// <summary>Host memory the copies may take together.</summary>
    public long BudgetBytes { get; }

    public IReadOnlyList<LlamaSlot> Slots => _slots;

    public IReadOnlyList<LlamaSavedSequence> Saved => _saved;

    public long SavedBytes { get; private set; }

    /// <summary>What is held now (published for metrics and benchmarks on other threads).</summary>
    public LlamaPromptCacheUsage Usage { get; private set; }

    public long Tick() => ++_clock;

    /// <summary>
    /// Picks the slot for <paramref name="prompt"/> (a slot must be idle: the caller admits only while one is) and what
    /// it reuses. The longest usable prefix wins; between equal ones a slot beats a copy (no restore), a slot that
    /// loses fewer tokens beats one that loses more, and then the least recently used. A slot that would lose at least
    /// <see cref="MinKeptTokens"/> tokens is copied into a free slot, or (none free) saved to host memory first.
    /// <paramref name="reuse"/> false (or the cache off) admits cold into a free or the least recently used slot.
    /// </summary>
    public LlamaReusePlan Plan(ReadOnlySpan<int> prompt, bool reuse = true)
    {
        reuse &= Enabled;
        var limit = prompt.Length - 1;
        LlamaSlot? free = null;
        LlamaSlot? leastRecent = null;
        LlamaSlot? best = null;
        var bestReuse = 0;
        foreach (var slot in _slots)
        {
            if (!slot.IsIdle)
            {
                continue;
            }

            if (slot.Count == 0)
            {
                free ??= slot;
                continue;
            }

            if (leastRecent is null || slot.LastUsed < leastRecent.LastUsed)
            {
                leastRecent = slot;
            }

            var common = reuse ? Math.Min(CommonPrefix(prompt, slot.Tokens), limit) : 0;
            if (common > bestReuse || (common == bestReuse && common > 0 && Prefer(slot, best!, common)))
            {
                best = slot;
                bestReuse = common;
            }
        }

        LlamaSavedSequence? saved = null;
        var savedReuse = 0;
        foreach (var copy in _saved)
        {
            if (!reuse)
            {
                break;
            }

            var common = Math.Min(CommonPrefix(prompt, copy.Tokens), limit);
            if (common > savedReuse || (common == savedReuse && common > 0 && copy.LastUsed > saved!.LastUsed))
            {
                saved = copy;
                savedReuse = common;
            }
        }

        if (best is not null && bestReuse >= savedReuse)
        {
            if (best.Count - bestReuse < MinKeptTokens)
            {
                return new LlamaReusePlan(LlamaReuseKind.InPlace, best, bestReuse);
            }

            return free is not null
                ? new LlamaReusePlan(LlamaReuseKind.CopyFromSlot, free, bestReuse, Source: best)
                : new LlamaReusePlan(LlamaReuseKind.InPlace, best, bestReuse, SaveFirst: true);
        }

        var target = free ?? leastRecent ?? throw new InvalidOperationException("No idle sequence to admit a request into.");
        var save = target != free && target.Count >= MinKeptTokens;
        return saved is not null
            ? new LlamaReusePlan(LlamaReuseKind.Restore, target, savedReuse, Saved: saved, SaveFirst: save)
            : new LlamaReusePlan(LlamaReuseKind.Cold, target, 0, SaveFirst: save);
    }

    /// <summary>
    /// Keeps <paramref name="copy"/> unless it is larger than the budget; drops the copies it covers (their tokens are
    /// a prefix of its tokens) and then the least recently used ones until it fits.
    /// </summary>
    public bool TryAddSaved(LlamaSavedSequence copy)
    {
        ArgumentNullException.ThrowIfNull(copy);
        if (!Enabled || copy.Length > BudgetBytes)
        {
            return false;
        }

        _saved.RemoveAll(old =>
        {
            var covered = copy.Tokens.AsSpan().StartsWith(old.Tokens);
            SavedBytes -= covered ? old.Length : 0;
            return covered;
        });
        while (SavedBytes + copy.Length > BudgetBytes)
        {
            RemoveSaved(_saved.MinBy(old => old.LastUsed)!);
        }

        copy.LastUsed = Tick();
        _saved.Add(copy);
        SavedBytes += copy.Length;
        return true;
    }

    public void RemoveSaved(LlamaSavedSequence copy)
    {
        if (_saved.Remove(copy))
        {
            SavedBytes -= copy.Length;
        }
    }

    /// <summary>Recomputes <see cref="Usage"/> after a change.</summary>
    public void Publish()
    {
        var held = 0;
        long tokens = 0;
        long bytes = 0;
        foreach (var slot in _slots)
        {
            if (slot.IsIdle && slot.Count > 0)
            {
                held++;
                tokens += slot.Count;
                bytes += slot.HeldBytes;
            }
        }

        Usage = new LlamaPromptCacheUsage(held, tokens, bytes, _saved.Count, _saved.Sum(copy => (long)copy.Tokens.Length), SavedBytes);
    }

    /// <summary>How many leading tokens <paramref name="prompt"/> and <paramref name="held"/> have in common.</summary>
    public static int CommonPrefix(ReadOnlySpan<int> prompt, ReadOnlySpan<int> held) => prompt.CommonPrefixLength(held);

    private static bool Prefer(LlamaSlot candidate, LlamaSlot current, int common)
    {
        var candidateLoss = candidate.Count - common;
        var currentLoss = current.Count - common;
        return candidateLoss != currentLoss ? candidateLoss < currentLoss : candidate.LastUsed < current.LastUsed;
    }
}
