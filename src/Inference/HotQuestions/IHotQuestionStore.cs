namespace ChatHub.Inference.HotQuestions;

/// <summary>
/// One tier of the hot-question cache, keyed by the normalized question (<see cref="QuestionNormalizer"/>).
/// The in-process <see cref="MemoryHotQuestionStore"/> is L1; a shared tier (Redis, L2) can be added later by
/// registering another implementation after it (<c>TryAddEnumerable</c>). <see cref="HotQuestionCache"/> reads the
/// tiers in registration order, back-fills faster tiers on a hit, and writes to all of them.
/// </summary>
public interface IHotQuestionStore
{
    /// <summary>The tier's name in metrics (the <c>level</c> tag): "l1", "l2".</summary>
    string Level { get; }

    ValueTask<HotAnswer?> GetAsync(string key, CancellationToken cancellationToken);

    ValueTask SetAsync(string key, HotAnswer answer, TimeSpan timeToLive, CancellationToken cancellationToken);

    ValueTask RemoveAsync(string key, CancellationToken cancellationToken);
}
