using Microsoft.Extensions.Logging;

namespace ChatHub.Redis;

/// <summary>
/// The Redis backend's log events (ids 3900–3999). Endpoints are <c>host:port</c> only; passwords, keys, message text and
/// payloads are never logged above Debug.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5900, Level = LogLevel.Information, Message = "Redis backend: connecting to {EndPoint}")]
    public static partial void Starting(ILogger logger, string endPoint);

    [LoggerMessage(EventId = 5901, Level = LogLevel.Information, Message = "Connected to Redis at {EndPoint}")]
    public static partial void Connected(ILogger logger, string endPoint);

    [LoggerMessage(EventId = 5902, Level = LogLevel.Error, Message = "Redis at {EndPoint} is unreachable at start; the hub starts not ready (/readyz) and keeps connecting")]
    public static partial void UnreachableAtStart(ILogger logger, string endPoint);

    [LoggerMessage(EventId = 5904, Level = LogLevel.Warning, Message = "Redis connection to {EndPoint} ({Role}) lost: {Reason}; reconnecting")]
    public static partial void ConnectionLost(ILogger logger, string endPoint, string role, string reason);

    [LoggerMessage(EventId = 5906, Level = LogLevel.Information, Message = "Reconnected to Redis at {EndPoint} ({Role})")]
    public static partial void Reconnected(ILogger logger, string endPoint, string role);

    [LoggerMessage(EventId = 5907, Level = LogLevel.Warning, Message = "A Redis pub/sub handler failed (channel {Channel})")]
    public static partial void HandlerFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(EventId = 5908, Level = LogLevel.Warning, Message = "Redis pub/sub: channel {Channel} dropped its oldest message (queue of {Capacity} full; {Dropped} dropped in all)")]
    public static partial void MessageDropped(ILogger logger, string channel, int capacity, long dropped);

    [LoggerMessage(EventId = 5910, Level = LogLevel.Information, Message = "Redis: {Count} identities moved from identity:owners to expiring keys (issue 15 retention)")]
    public static partial void IdentitiesMigrated(ILogger logger, long count);

    [LoggerMessage(EventId = 5911, Level = LogLevel.Warning, Message = "Redis: moving identities to expiring keys failed ({ErrorType}); trying again in {Delay}")]
    public static partial void IdentityMigrationFailed(ILogger logger, string errorType, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 5912, Level = LogLevel.Information, Message = "Redis: {Count} routing tables and audit logs from before issue 15 given their retention as expiry")]
    public static partial void OldKeysExpired(ILogger logger, long count);
}
