using Microsoft.Extensions.Logging;

namespace ChatHub.Inference;

/// <summary>Log methods of the node's model concurrency limit (event ids 4270–4279).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4270, Level = LogLevel.Debug,
        Message = "Model generations at the node's limit; request queued at position {Position}")]
    public static partial void ModelRequestQueued(ILogger logger, int position);

    [LoggerMessage(EventId = 4271, Level = LogLevel.Warning,
        Message = "Model generations at the node's limit ({MaxConcurrent}) and {QueueCapacity} requests waiting; replied busy")]
    public static partial void ModelQueueFull(ILogger logger, int maxConcurrent, int queueCapacity);
}
