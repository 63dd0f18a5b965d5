namespace ChatHub.Inference.ModelStage;

/// <summary>One tool call as audited: who, which tool, how large its arguments were, how it ended. Never the arguments.</summary>
/// <param name="At">When the call ended.</param>
/// <param name="PersonId">The hub user whose request caused it (null: anonymous).</param>
/// <param name="Tool">The tool's name.</param>
/// <param name="ArgumentBytes">The size of its arguments, as JSON in UTF-8.</param>
/// <param name="Outcome">One of <see cref="ToolOutcomes"/>.</param>
public sealed record ToolCallRecord(DateTimeOffset At, string? PersonId, string Tool, int ArgumentBytes, string Outcome);
