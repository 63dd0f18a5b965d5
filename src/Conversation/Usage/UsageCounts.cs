namespace ChatHub.Conversation.Usage;

/// <summary>
/// What one person used on one platform and bot in one UTC day (or any sum of such rows). Model calls are the calls the
/// answers made to the model slot (a tool round is a call of its own); tokens are the backend's own counts (llama.cpp's
/// tokenizer, an OpenAI-compatible server's <c>usage</c>); a call whose backend reported none is counted in
/// <see cref="UncountedCalls"/> and adds no tokens, so "unknown" is never read as zero.
/// </summary>
public readonly record struct UsageCounts
{
    /// <summary>The storage names of the counters, in <see cref="Get"/>'s order (Redis hash fields, SQLite columns, JSON).</summary>
    public static readonly string[] Names =
        ["messages", "cache_hits", "knowledge_hits", "model_calls", "prompt_tokens", "completion_tokens", "uncounted_calls", "model_ms", "budget_refusals"];

    /// <summary>Questions that reached the answer stage (commands, rate-limited, blocked and handed-off messages are not counted).</summary>
    public long Messages { get; init; }

    /// <summary>Answers from the hot-question cache.</summary>
    public long CacheHits { get; init; }

    /// <summary>Answers from the knowledge base without the model.</summary>
    public long KnowledgeHits { get; init; }

    public long ModelCalls { get; init; }

    public long PromptTokens { get; init; }

    public long CompletionTokens { get; init; }

    /// <summary>Model calls whose backend reported no token counts (their tokens are unknown, not zero).</summary>
    public long UncountedCalls { get; init; }

    /// <summary>Time the model calls took, in milliseconds (from the call to its last update; waiting in line is not counted).</summary>
    public long ModelMilliseconds { get; init; }

    /// <summary>Questions the model was not asked because the person's budget was used up.</summary>
    public long BudgetRefusals { get; init; }

    public long Tokens => PromptTokens + CompletionTokens;

    public bool IsEmpty => this == default;

    /// <summary>The counter at <paramref name="index"/> of <see cref="Names"/>.</summary>
    public long Get(int index) => index switch
    {
        0 => Messages,
        1 => CacheHits,
        2 => KnowledgeHits,
        3 => ModelCalls,
        4 => PromptTokens,
        5 => CompletionTokens,
        6 => UncountedCalls,
        7 => ModelMilliseconds,
        8 => BudgetRefusals,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>Counts from values in <see cref="Names"/>' order (missing ones are zero).</summary>
    public static UsageCounts From(IReadOnlyList<long> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var v = new long[Names.Length];
        for (var i = 0; i < v.Length && i < values.Count; i++)
        {
            v[i] = values[i];
        }

        return new UsageCounts
        {
            Messages = v[0], CacheHits = v[1], KnowledgeHits = v[2], ModelCalls = v[3], PromptTokens = v[4],
            CompletionTokens = v[5], UncountedCalls = v[6], ModelMilliseconds = v[7], BudgetRefusals = v[8],
        };
    }

    public static UsageCounts operator +(UsageCounts a, UsageCounts b) => new()
    {
        Messages = a.Messages + b.Messages,
        CacheHits = a.CacheHits + b.CacheHits,
        KnowledgeHits = a.KnowledgeHits + b.KnowledgeHits,
        ModelCalls = a.ModelCalls + b.ModelCalls,
        PromptTokens = a.PromptTokens + b.PromptTokens,
        CompletionTokens = a.CompletionTokens + b.CompletionTokens,
        UncountedCalls = a.UncountedCalls + b.UncountedCalls,
        ModelMilliseconds = a.ModelMilliseconds + b.ModelMilliseconds,
        BudgetRefusals = a.BudgetRefusals + b.BudgetRefusals,
    };

    public static UsageCounts Add(UsageCounts left, UsageCounts right) => left + right;
}
