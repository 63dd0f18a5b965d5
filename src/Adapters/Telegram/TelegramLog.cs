using ChatHub.Adapters.Telegram.Api;
using ChatHub.Adapters.Telegram.Ingress;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Telemetry;
using Microsoft.Extensions.Logging;

namespace ChatHub.Adapters.Telegram;

/// <summary>
/// The Telegram adapter's log events (ids 2100–2199). Never the token (it is in every URL, so URLs are not
/// logged) and never message text above Debug; Telegram's error descriptions carry neither.
/// </summary>
internal static partial class TelegramLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Telegram webhook call rejected with {StatusCode}: {Reason}")]
    public static partial void WebhookRejected(ILogger logger, int statusCode, UntrustedText reason);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Debug, Message = "Telegram update {UpdateId} ({Kind}) ignored: {Reason}")]
    public static partial void UpdateIgnored(ILogger logger, long updateId, TelegramUpdateKind kind, UntrustedText reason);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "Telegram update {UpdateId} was delivered again; ignored")]
    public static partial void UpdateDuplicate(ILogger logger, long updateId);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Information, Message = "Telegram update {UpdateId} rejected: {Reason}")]
    public static partial void UpdateRejected(ILogger logger, long updateId, UntrustedText reason);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Error, Message = "Telegram update {UpdateId} could not be queued; Telegram will deliver it again")]
    public static partial void UpdatePublishFailed(ILogger logger, long updateId, Exception exception);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Debug, Message = "answerCallbackQuery failed: {Kind} {Description}")]
    public static partial void CallbackAnswerFailed(ILogger logger, TelegramErrorKind kind, UntrustedText description);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Warning, Message = "Telegram update {UpdateId}: button press refused: {Reason}")]
    public static partial void CallbackRefused(ILogger logger, long updateId, UntrustedText reason);

    [LoggerMessage(EventId = 2110, Level = LogLevel.Information, Message = "Telegram bot {BotId} is @{Username}; updates by {Mode}")]
    public static partial void BotIdentified(ILogger logger, long botId, UntrustedText username, TelegramMode mode);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Warning, Message = "Telegram getMe failed ({Kind}, {ErrorCode}): {Description}; retrying in the background")]
    public static partial void GetMeFailed(ILogger logger, TelegramErrorKind kind, int errorCode, UntrustedText description);

    [LoggerMessage(EventId = 2112, Level = LogLevel.Information, Message = "Telegram webhook set to {Url}")]
    public static partial void WebhookRegistered(ILogger logger, string url);

    [LoggerMessage(EventId = 2113, Level = LogLevel.Warning, Message = "Telegram setWebhook failed ({Kind}, {ErrorCode}): {Description}; retrying in the background")]
    public static partial void SetWebhookFailed(ILogger logger, TelegramErrorKind kind, int errorCode, UntrustedText description);

    [LoggerMessage(EventId = 2120, Level = LogLevel.Information, Message = "Telegram long polling started at offset {Offset}")]
    public static partial void PollingStarted(ILogger logger, long offset);

    [LoggerMessage(EventId = 2121, Level = LogLevel.Warning,
        Message = "Telegram getUpdates answered 409 Conflict ({Description}): another poller uses this token, or a webhook is set. Retrying in {Delay}")]
    public static partial void PollingConflict(ILogger logger, UntrustedText description, TimeSpan delay);

    [LoggerMessage(EventId = 2122, Level = LogLevel.Error, Message = "Telegram getUpdates answered {ErrorCode}: the bot token is not accepted. Retrying in {Delay}")]
    public static partial void PollingUnauthorized(ILogger logger, int errorCode, TimeSpan delay);

    [LoggerMessage(EventId = 2123, Level = LogLevel.Warning, Message = "Telegram getUpdates failed ({Kind}, {ErrorCode}); retrying in {Delay}")]
    public static partial void PollingFailed(ILogger logger, TelegramErrorKind kind, int errorCode, TimeSpan delay);

    [LoggerMessage(EventId = 2124, Level = LogLevel.Error, Message = "Telegram polling could not hand updates on; retrying in {Delay}")]
    public static partial void PollingLoopFailed(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 2125, Level = LogLevel.Warning, Message = "Telegram update {UpdateId} from getUpdates is not a readable Update ({Reason}); skipped and confirmed")]
    public static partial void UpdateUndecodable(ILogger logger, long updateId, UntrustedText reason);

    [LoggerMessage(EventId = 2130, Level = LogLevel.Information, Message = "Telegram {Method} to chat {ChatId} rate limited: pausing the chat for {RetryAfterSeconds} s")]
    public static partial void RateLimited(ILogger logger, string method, long chatId, double retryAfterSeconds);

    [LoggerMessage(EventId = 2131, Level = LogLevel.Warning, Message = "Telegram {Method} failed ({Kind}), attempt {Attempt}; retrying in {Delay}")]
    public static partial void RetryingTransient(ILogger logger, string method, TelegramErrorKind kind, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 2132, Level = LogLevel.Warning, Message = "Telegram reply {MessageId} not delivered ({Status}): {Reason}")]
    public static partial void SendFailed(ILogger logger, string messageId, SendStatus status, UntrustedText reason);

    [LoggerMessage(EventId = 2135, Level = LogLevel.Warning, Message = "Telegram reply {MessageId} stays text: its voice note was not sent ({Kind}: {Description})")]
    public static partial void VoiceNotSent(ILogger logger, string messageId, TelegramErrorKind kind, UntrustedText description);

    [LoggerMessage(EventId = 2133, Level = LogLevel.Information, Message = "Telegram chat {ChatId} migrated to supergroup {NewChatId}; resending there")]
    public static partial void ChatMigrated(ILogger logger, long chatId, long newChatId);

    [LoggerMessage(EventId = 2134, Level = LogLevel.Debug, Message = "Telegram typing refresh stopped by an error")]
    public static partial void TypingFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2140, Level = LogLevel.Debug, Message = "Telegram {Method} failed: {Kind} {ErrorCode} {Description}")]
    public static partial void ApiCallFailed(ILogger logger, string method, TelegramErrorKind kind, int errorCode, UntrustedText description);
}
