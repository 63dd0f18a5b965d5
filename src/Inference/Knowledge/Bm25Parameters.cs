namespace ChatHub.Inference.Knowledge;

/// <summary>BM25 tuning. Question terms (heading and <c>Also:</c> lines) count <see cref="QuestionWeight"/> times an answer term.</summary>
public sealed record Bm25Parameters(double K1 = 1.2, double B = 0.75, double QuestionWeight = 3.0, double AnswerWeight = 1.0)
{
    public static Bm25Parameters Default { get; } = new();
}
