using ChatHub.Adapters.Slack.Api;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Telemetry;
using Microsoft.Extensions.Logging;

namespace ChatHub.Adapters.Slack;

/// <summary>
/// The Slack adapter's log events (ids 2500–2599). Never a token or the signing secret (they are only in
/// Authorization headers and the HMAC key), never event payloads, and never message text above Debug.
/// </summary>
internal static partial class SlackLog
{
    [LoggerMessage(EventId = 2501, Level = LogLevel.Warning, Message = "Slack request to /webhooks/slack refused ({Status}): {Reason}")]
    public static partial void WebhookRejected(ILogger logger, int status, string reason);

    [LoggerMessage(EventId = 2502, Level = LogLevel.Information, Message = "Slack url_verification answered")]
    public static partial void UrlVerified(ILogger logger);

    [LoggerMessage(EventId = 2503, Level = LogLevel.Debug, Message = "Slack event {EventId} ignored: {Reason}")]
    public static partial void EventIgnored(ILogger logger, UntrustedText eventId, UntrustedText reason);

    [LoggerMessage(EventId = 2507, Level = LogLevel.Debug, Message = "Slack request of type {Type} ignored")]
    public static partial void RequestTypeIgnored(ILogger logger, UntrustedText type);

    [LoggerMessage(EventId = 2525, Level = LogLevel.Debug, Message = "Slack Socket Mode envelope {EnvelopeId} of type {Type} acknowledged and ignored")]
    public static partial void EnvelopeIgnored(ILogger logger, UntrustedText envelopeId, UntrustedText type);

    [LoggerMessage(EventId = 2504, Level = LogLevel.Information, Message = "Slack event {EventId} was delivered again (retry {RetryNum}); ignored")]
    public static partial void EventDuplicate(ILogger logger, UntrustedText eventId, int retryNum);

    [LoggerMessage(EventId = 2505, Level = LogLevel.Information, Message = "Slack event {EventId} rejected: {Reason}")]
    public static partial void EventRejected(ILogger logger, UntrustedText eventId, UntrustedText reason);

    [LoggerMessage(EventId = 2506, Level = LogLevel.Error, Message = "Slack event {EventId} could not be queued; Slack will deliver it again")]
    public static partial void EventPublishFailed(ILogger logger, UntrustedText eventId, Exception exception);

    [LoggerMessage(EventId = 2508, Level = LogLevel.Warning, Message = "Slack button press {ActionTs} refused: {Reason}")]
    public static partial void PressRefused(ILogger logger, UntrustedText actionTs, string reason);

    [LoggerMessage(EventId = 2509, Level = LogLevel.Debug, Message = "Slack interaction of type {Type} acknowledged and ignored")]
    public static partial void InteractionIgnored(ILogger logger, UntrustedText type);

    [LoggerMessage(EventId = 2510, Level = LogLevel.Information, Message = "Slack bot {UserId} ({BotId}) in workspace {TeamId} ready ({Mode})")]
    public static partial void Ready(ILogger logger, UntrustedText userId, UntrustedText botId, UntrustedText teamId, SlackMode mode);

    [LoggerMessage(EventId = 2511, Level = LogLevel.Warning, Message = "Slack auth.test failed ({Error}); retrying in {Delay}")]
    public static partial void AuthTestFailed(ILogger logger, UntrustedText error, TimeSpan delay);

    [LoggerMessage(EventId = 2512, Level = LogLevel.Critical, Message = "Slack rejected the bot token ({Error}); the adapter will not receive or send. Fix the configuration and restart")]
    public static partial void TokenRejected(ILogger logger, UntrustedText error);

    [LoggerMessage(EventId = 2520, Level = LogLevel.Information, Message = "Slack Socket Mode connected")]
    public static partial void SocketConnected(ILogger logger);

    [LoggerMessage(EventId = 2521, Level = LogLevel.Information, Message = "Slack Socket Mode disconnect requested ({Reason}); reconnecting")]
    public static partial void SocketDisconnectRequested(ILogger logger, UntrustedText reason);

    [LoggerMessage(EventId = 2522, Level = LogLevel.Warning, Message = "Slack Socket Mode connection lost ({Reason}); reconnecting in {Delay}")]
    public static partial void SocketDropped(ILogger logger, UntrustedText reason, TimeSpan delay);

    [LoggerMessage(EventId = 2523, Level = LogLevel.Warning, Message = "Slack Socket Mode frame of {Length} bytes ignored: {Reason}")]
    public static partial void SocketFrameIgnored(ILogger logger, int length, UntrustedText reason);

    [LoggerMessage(EventId = 2524, Level = LogLevel.Error, Message = "Slack Socket Mode loop failed; reconnecting in {Delay}")]
    public static partial void SocketLoopFailed(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 2530, Level = LogLevel.Information, Message = "Slack {Method} rate limited: waiting {RetryAfterSeconds} s")]
    public static partial void RateLimited(ILogger logger, string method, double retryAfterSeconds);

    [LoggerMessage(EventId = 2531, Level = LogLevel.Warning, Message = "Slack {Method} failed ({Kind}), attempt {Attempt}; retrying in {Delay}")]
    public static partial void RetryingTransient(ILogger logger, string method, SlackErrorKind kind, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 2532, Level = LogLevel.Warning, Message = "Slack reply {MessageId} not delivered ({Status}): {Reason}")]
    public static partial void SendFailed(ILogger logger, string messageId, SendStatus status, UntrustedText reason);

    [LoggerMessage(EventId = 2540, Level = LogLevel.Debug, Message = "Slack {Method} failed: {Kind} {Status} {Description}")]
    public static partial void ApiCallFailed(ILogger logger, string method, SlackErrorKind kind, int status, UntrustedText description);
}
