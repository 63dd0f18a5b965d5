using ChatHub.Adapters.Discord.Api;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Telemetry;
using Microsoft.Extensions.Logging;

namespace ChatHub.Adapters.Discord;

/// <summary>
/// The Discord adapter's log events (ids 2200–2299). Never the token (it is only in the Authorization header and
/// in IDENTIFY/RESUME, neither of which is logged), never gateway payloads, and never message text above Debug.
/// </summary>
internal static partial class DiscordLog
{
    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Discord gateway connecting to {Url} ({Action})")]
    public static partial void Connecting(ILogger logger, UntrustedText url, string action);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "Discord gateway ready: bot {Username} ({UserId}), session started")]
    public static partial void Ready(ILogger logger, UntrustedText username, UntrustedText userId);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "Discord gateway session resumed after sequence {Sequence}")]
    public static partial void Resumed(ILogger logger, long sequence);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Warning, Message = "Discord gateway disconnected ({Reason}); {Next} in {Delay}")]
    public static partial void Disconnected(ILogger logger, UntrustedText reason, string next, TimeSpan delay);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Critical, Message = "Discord gateway stopped for good: {Reason}. Not reconnecting; fix the configuration and restart")]
    public static partial void Stopped(ILogger logger, UntrustedText reason);

    [LoggerMessage(EventId = 2206, Level = LogLevel.Warning, Message = "Discord gateway sent no heartbeat ACK within {Interval}: zombie connection, reconnecting")]
    public static partial void ZombieConnection(ILogger logger, TimeSpan interval);

    [LoggerMessage(EventId = 2207, Level = LogLevel.Warning, Message = "Discord gateway invalidated the session (resumable: {Resumable})")]
    public static partial void InvalidSession(ILogger logger, bool resumable);

    [LoggerMessage(EventId = 2208, Level = LogLevel.Information, Message = "Discord gateway asked to reconnect (op 7)")]
    public static partial void ReconnectRequested(ILogger logger);

    [LoggerMessage(EventId = 2209, Level = LogLevel.Warning, Message = "Discord gateway frame of {Length} bytes ignored: {Reason}")]
    public static partial void MalformedFrame(ILogger logger, int length, UntrustedText reason);

    [LoggerMessage(EventId = 2210, Level = LogLevel.Warning, Message = "Discord GET /gateway/bot failed ({Error}); retrying in {Delay}")]
    public static partial void GatewayUrlFailed(ILogger logger, UntrustedText error, TimeSpan delay);

    [LoggerMessage(EventId = 2211, Level = LogLevel.Warning, Message = "Discord session start limit reached ({Total} a day); waiting {Delay} before IDENTIFY")]
    public static partial void SessionStartLimited(ILogger logger, int total, TimeSpan delay);

    [LoggerMessage(EventId = 2212, Level = LogLevel.Warning, Message = "Discord gateway connection failed ({Reason})")]
    public static partial void ConnectFailed(ILogger logger, UntrustedText reason);

    [LoggerMessage(EventId = 2213, Level = LogLevel.Error, Message = "Discord gateway loop failed; reconnecting in {Delay}")]
    public static partial void LoopFailed(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 2214, Level = LogLevel.Trace, Message = "Discord gateway op {Op} {Type} (s={Sequence})")]
    public static partial void FrameReceived(ILogger logger, int op, UntrustedText type, long? sequence);

    [LoggerMessage(EventId = 2220, Level = LogLevel.Debug, Message = "Discord message {MessageId} ignored: {Reason}")]
    public static partial void MessageIgnored(ILogger logger, UntrustedText messageId, UntrustedText reason);

    [LoggerMessage(EventId = 2221, Level = LogLevel.Information, Message = "Discord message {MessageId} was delivered again (gateway replay); ignored")]
    public static partial void MessageDuplicate(ILogger logger, UntrustedText messageId);

    [LoggerMessage(EventId = 2225, Level = LogLevel.Warning, Message = "Discord interaction {InteractionId}: button press refused: {Reason}")]
    public static partial void PressRefused(ILogger logger, UntrustedText interactionId, string reason);

    [LoggerMessage(EventId = 2226, Level = LogLevel.Debug, Message = "Discord interaction {InteractionId} ignored: {Reason}")]
    public static partial void InteractionIgnored(ILogger logger, UntrustedText interactionId, string reason);

    [LoggerMessage(EventId = 2227, Level = LogLevel.Warning, Message = "Discord interaction {InteractionId} not answered in time: {Kind} {Description}")]
    public static partial void InteractionAnswerFailed(ILogger logger, UntrustedText interactionId, DiscordErrorKind kind, string description);

    [LoggerMessage(EventId = 2222, Level = LogLevel.Information, Message = "Discord message {MessageId} rejected: {Reason}")]
    public static partial void MessageRejected(ILogger logger, UntrustedText messageId, UntrustedText reason);

    [LoggerMessage(EventId = 2223, Level = LogLevel.Error, Message = "Discord message {MessageId} could not be queued (attempt {Attempt}); retrying in {Delay}")]
    public static partial void MessagePublishFailed(ILogger logger, UntrustedText messageId, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 2224, Level = LogLevel.Error, Message = "Discord message {MessageId} dropped: it could not be queued after {Attempts} attempts")]
    public static partial void MessageDropped(ILogger logger, UntrustedText messageId, int attempts);

    [LoggerMessage(EventId = 2230, Level = LogLevel.Information, Message = "Discord {Route} rate limited ({Scope}): waiting {RetryAfterSeconds} s")]
    public static partial void RateLimited(ILogger logger, UntrustedText route, string scope, double retryAfterSeconds);

    [LoggerMessage(EventId = 2231, Level = LogLevel.Warning, Message = "Discord {Route} failed ({Kind}), attempt {Attempt}; retrying in {Delay}")]
    public static partial void RetryingTransient(ILogger logger, UntrustedText route, DiscordErrorKind kind, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 2232, Level = LogLevel.Warning, Message = "Discord reply {MessageId} not delivered ({Status}): {Reason}")]
    public static partial void SendFailed(ILogger logger, string messageId, SendStatus status, UntrustedText reason);

    [LoggerMessage(EventId = 2233, Level = LogLevel.Debug, Message = "Discord typing refresh stopped by an error")]
    public static partial void TypingFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2240, Level = LogLevel.Debug, Message = "Discord {Route} failed: {Kind} {Status} {Description}")]
    public static partial void ApiCallFailed(ILogger logger, UntrustedText route, DiscordErrorKind kind, int status, UntrustedText description);
}
