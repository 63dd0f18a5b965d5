using Microsoft.Extensions.Logging;

namespace ChatHub.Inference;

/// <summary>Log methods of the resilience layer around model backends (event ids 4250–4269).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4250, Level = LogLevel.Warning,
        Message = "Model backend {Backend} failed ({ErrorType}); the fallback answered")]
    public static partial void ModelBackendFailed(ILogger logger, string backend, string errorType);

    [LoggerMessage(EventId = 4251, Level = LogLevel.Warning,
        Message = "Circuit of model backend {Backend} opened for {BreakDuration}; the fallback answers meanwhile")]
    public static partial void ModelCircuitOpened(ILogger logger, string backend, TimeSpan breakDuration);

    [LoggerMessage(EventId = 4252, Level = LogLevel.Information,
        Message = "Circuit of model backend {Backend} closed; the backend answers again")]
    public static partial void ModelCircuitClosed(ILogger logger, string backend);
}
