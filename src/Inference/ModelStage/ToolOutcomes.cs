namespace ChatHub.Inference.ModelStage;

/// <summary>How a tool call ended (audit and the <c>chathub.inference.tool_calls</c> metric's <c>outcome</c> tag).</summary>
public static class ToolOutcomes
{
    public const string Ok = "ok";
    public const string Failed = "failed";
    public const string InvalidArguments = "invalid_arguments";
    public const string TimedOut = "timed_out";
    public const string OverBudget = "over_budget";
}
