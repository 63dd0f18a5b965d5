using ChatHub.Adapters.WhatsApp.Api;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Telemetry;
using Microsoft.Extensions.Logging;

namespace ChatHub.Adapters.WhatsApp;

/// <summary>
/// The WhatsApp adapter's log events (ids 2400–2499). Never the access token, app secret or verify token, never
/// message text above Debug; strings from a caller or the platform are <see cref="UntrustedText"/> (escaped).
/// </summary>
internal static partial class WhatsAppLog
{
    [LoggerMessage(EventId = 2401, Level = LogLevel.Warning, Message = "WhatsApp webhook rejected with {StatusCode}: {Reason}")]
    public static partial void WebhookRejected(ILogger logger, int statusCode, UntrustedText reason);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Information, Message = "WhatsApp webhook verified (hub.mode=subscribe)")]
    public static partial void WebhookVerified(ILogger logger);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Debug, Message = "WhatsApp message {MessageId} ({Type}) ignored: {Reason}")]
    public static partial void MessageIgnored(ILogger logger, UntrustedText messageId, UntrustedText type, string reason);

    [LoggerMessage(EventId = 2404, Level = LogLevel.Information, Message = "WhatsApp message {MessageId} was delivered again; ignored")]
    public static partial void MessageDuplicate(ILogger logger, UntrustedText messageId);

    [LoggerMessage(EventId = 2405, Level = LogLevel.Information, Message = "WhatsApp message {MessageId} rejected: {Reason}")]
    public static partial void MessageRejected(ILogger logger, UntrustedText messageId, UntrustedText reason);

    [LoggerMessage(EventId = 2406, Level = LogLevel.Error, Message = "WhatsApp message {MessageId} could not be queued; WhatsApp will deliver it again")]
    public static partial void PublishFailed(ILogger logger, UntrustedText messageId, Exception exception);

    [LoggerMessage(EventId = 2407, Level = LogLevel.Information, Message = "WhatsApp message {MessageId} is {Age} old (more than {MaxAge}); acknowledged, not answered")]
    public static partial void MessageTooOld(ILogger logger, UntrustedText messageId, TimeSpan age, TimeSpan maxAge);

    [LoggerMessage(EventId = 2408, Level = LogLevel.Warning, Message = "WhatsApp notification for phone number {PhoneNumberId} ignored: this hub serves {Configured}")]
    public static partial void OtherPhoneNumber(ILogger logger, UntrustedText phoneNumberId, string configured);

    [LoggerMessage(EventId = 2409, Level = LogLevel.Debug, Message = "WhatsApp change of field {Field} ignored")]
    public static partial void ChangeIgnored(ILogger logger, UntrustedText field);

    [LoggerMessage(EventId = 2410, Level = LogLevel.Debug, Message = "WhatsApp message {MessageId} is {Status}")]
    public static partial void StatusReported(ILogger logger, UntrustedText messageId, UntrustedText status);

    [LoggerMessage(EventId = 2411, Level = LogLevel.Warning, Message = "WhatsApp could not deliver message {MessageId}: error {Code} {Description}")]
    public static partial void DeliveryFailed(ILogger logger, UntrustedText messageId, int code, UntrustedText description);

    [LoggerMessage(EventId = 2412, Level = LogLevel.Warning, Message = "WhatsApp reported error {Code}: {Description}")]
    public static partial void PlatformError(ILogger logger, int code, UntrustedText description);

    [LoggerMessage(EventId = 2413, Level = LogLevel.Information, Message = "WhatsApp adapter for phone number id {PhoneNumberId}: webhook at {Path}")]
    public static partial void Started(ILogger logger, string phoneNumberId, string path);

    [LoggerMessage(EventId = 2430, Level = LogLevel.Information, Message = "WhatsApp {Operation} throttled ({Kind}); retrying in {Delay}")]
    public static partial void Throttled(ILogger logger, string operation, WhatsAppErrorKind kind, TimeSpan delay);

    [LoggerMessage(EventId = 2431, Level = LogLevel.Warning, Message = "WhatsApp {Operation} failed ({Kind}), attempt {Attempt}; retrying in {Delay}")]
    public static partial void RetryingTransient(ILogger logger, string operation, WhatsAppErrorKind kind, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 2432, Level = LogLevel.Warning, Message = "WhatsApp reply {MessageId} not delivered ({Status}): {Reason}")]
    public static partial void SendFailed(ILogger logger, string messageId, SendStatus status, UntrustedText reason);

    [LoggerMessage(EventId = 2433, Level = LogLevel.Information,
        Message = "WhatsApp reply {MessageId} is outside the 24-hour customer-service window; template {Template} sent instead")]
    public static partial void WindowTemplateSent(ILogger logger, string messageId, string template);

    [LoggerMessage(EventId = 2434, Level = LogLevel.Debug, Message = "WhatsApp read receipt / typing indicator not shown ({Kind}): {Description}")]
    public static partial void TypingFailed(ILogger logger, WhatsAppErrorKind kind, UntrustedText description);

    [LoggerMessage(EventId = 2440, Level = LogLevel.Debug, Message = "WhatsApp Cloud API {Operation} failed: {Kind} {StatusCode} code {Code} {Description}")]
    public static partial void ApiCallFailed(ILogger logger, string operation, WhatsAppErrorKind kind, int statusCode, int code, UntrustedText description);
}
