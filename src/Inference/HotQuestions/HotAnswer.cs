namespace ChatHub.Inference.HotQuestions;

/// <summary>A cached answer: its text and the source that produced it (see <see cref="Abstractions.ReplySources"/>).</summary>
public sealed record HotAnswer(string Text, string Source);
