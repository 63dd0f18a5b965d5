namespace ChatHub.Inference.HotQuestions;

/// <summary>The answer for a hot question and whether it came from a cache tier (rather than a fresh computation).</summary>
public readonly record struct HotQuestionLookup(HotAnswer Answer, bool FromCache);
