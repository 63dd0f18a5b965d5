using Microsoft.Extensions.Logging;

namespace ChatHub.Redis;

/// <summary>
/// The Redis backend's log events (ids 3900–3999). Reasons come from RESP exception messages, which never hold
/// passwords or command arguments; keys, message text and payloads are never logged above Debug.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3900, Level = LogLevel.Information, Message = "Redis backend: connecting to {EndPoint}")]
    public static partial void Starting(ILogger logger, string endPoint);

    [LoggerMessage(EventId = 3901, Level = LogLevel.Information, Message = "Connected to Redis at {EndPoint}")]
    public static partial void Connected(ILogger logger, string endPoint);

    [LoggerMessage(EventId = 3902, Level = LogLevel.Error, Message = "Redis at {EndPoint} is unreachable at start ({Reason}); the hub starts not ready (/readyz) and keeps connecting")]
    public static partial void UnreachableAtStart(ILogger logger, string endPoint, string reason);

    [LoggerMessage(EventId = 3903, Level = LogLevel.Debug, Message = "Connect attempt {Attempt} to Redis at {EndPoint} failed: {Reason}")]
    public static partial void ConnectAttemptFailed(ILogger logger, string endPoint, int attempt, string reason);

    [LoggerMessage(EventId = 3904, Level = LogLevel.Warning, Message = "Redis connection to {EndPoint} ({Role}) lost: {Reason}; reconnecting")]
    public static partial void ConnectionLost(ILogger logger, string endPoint, string role, string reason);

    [LoggerMessage(EventId = 3905, Level = LogLevel.Debug, Message = "Reconnect attempt {Attempt} to Redis at {EndPoint} ({Role}) failed: {Reason}")]
    public static partial void ReconnectFailed(ILogger logger, string endPoint, string role, int attempt, string reason);

    [LoggerMessage(EventId = 3906, Level = LogLevel.Information, Message = "Reconnected to Redis at {EndPoint} ({Role})")]
    public static partial void Reconnected(ILogger logger, string endPoint, string role);

    [LoggerMessage(EventId = 3907, Level = LogLevel.Warning, Message = "A Redis pub/sub handler failed (channel {Channel})")]
    public static partial void HandlerFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(EventId = 3910, Level = LogLevel.Debug, Message = "Hot-question L1 entry dropped: changed on another node")]
    public static partial void HotQuestionInvalidated(ILogger logger);

    [LoggerMessage(EventId = 3911, Level = LogLevel.Information, Message = "Hot-question invalidations may have been missed while pub/sub was down; dropped {Count} L1 entries")]
    public static partial void HotQuestionL1Flushed(ILogger logger, int count);

    [LoggerMessage(EventId = 3912, Level = LogLevel.Warning, Message = "Subscribing to hot-question invalidations failed ({Reason}); retrying")]
    public static partial void HotQuestionSubscribeFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 3913, Level = LogLevel.Debug, Message = "Hot-question L2 skipped: Redis unavailable ({Reason})")]
    public static partial void HotQuestionL2Unavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 3920, Level = LogLevel.Warning, Message = "SignalR scale-out: writing to connection {ConnectionId} failed")]
    public static partial void SignalRWriteFailed(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(EventId = 3921, Level = LogLevel.Warning, Message = "SignalR scale-out: undecodable message on {Channel}")]
    public static partial void SignalRUndecodable(ILogger logger, string channel, Exception exception);

    [LoggerMessage(EventId = 3922, Level = LogLevel.Warning, Message = "SignalR scale-out: subscribing to the internal channels failed ({Reason}); retrying on the next connection")]
    public static partial void SignalRSubscribeFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 3923, Level = LogLevel.Debug, Message = "SignalR scale-out: {Action} of connection {ConnectionId} to a group on another node")]
    public static partial void SignalRRemoteGroupAction(ILogger logger, SignalR.GroupAction action, string connectionId);
}
