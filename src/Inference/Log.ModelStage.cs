using Microsoft.Extensions.Logging;

namespace ChatHub.Inference;

/// <summary>Log methods of the model stage (event ids 4300–4349). Tool arguments and results are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4300, Level = LogLevel.Information,
        Message = "Model stage ready: {ToolCount} tools ({HttpToolCount} operator HTTP tools), at most {MaxRounds} tool rounds, grounding with up to {Passages} passages")]
    public static partial void ModelStageReady(ILogger logger, int toolCount, int httpToolCount, int maxRounds, int passages);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Information,
        Message = "Tool {Tool} called for {PersonId}: {Outcome} ({ArgumentBytes} bytes of arguments)")]
    public static partial void ToolCalled(ILogger logger, string tool, string personId, string outcome, int argumentBytes);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Warning,
        Message = "Tool {Tool} failed for {PersonId}")]
    public static partial void ToolFailed(ILogger logger, string tool, string personId, Exception exception);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Warning,
        Message = "The model stage failed; replied with the fallback")]
    public static partial void ModelStageFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Information,
        Message = "The model gave no text (tool rounds used up, or an empty answer); replied with the fallback")]
    public static partial void ModelStageNoText(ILogger logger);

    [LoggerMessage(EventId = 4305, Level = LogLevel.Debug,
        Message = "Model stage grounded the reply in {PassageCount} passages")]
    public static partial void ModelStageGrounded(ILogger logger, int passageCount);

    [LoggerMessage(EventId = 4306, Level = LogLevel.Warning,
        Message = "Tool audit record could not be written for {Tool}")]
    public static partial void ToolAuditFailed(ILogger logger, string tool, Exception exception);

    [LoggerMessage(EventId = 4307, Level = LogLevel.Debug,
        Message = "Model stage: not asking the model, the person's {Period} budget is used up (told now: {Notified})")]
    public static partial void ModelStageBudgetRefused(ILogger logger, string period, bool notified);
}
