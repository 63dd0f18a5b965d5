using Microsoft.Extensions.Logging;

namespace ChatHub.Conversation.Pipeline.Steps;

/// <summary>The worker steps' log lines, on <see cref="MessageProcessor"/>'s logger (events 3201–3209).</summary>
internal static partial class ProcessorLog
{
    [LoggerMessage(EventId = 3201, Level = LogLevel.Debug, Message = "Message {MessageId} answered from {Source} in {ElapsedMs} ms")]
    public static partial void Answered(ILogger logger, string messageId, string source, double elapsedMs);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Reply to {MessageId} timed out after {Timeout}")]
    public static partial void ReplyTimedOut(ILogger logger, string messageId, TimeSpan timeout);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Error, Message = "Inference failed for message {MessageId}")]
    public static partial void InferenceFailed(ILogger logger, string messageId, Exception exception);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Debug, Message = "Message {MessageId} is command /{Command}")]
    public static partial void Command(ILogger logger, string messageId, string command);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Information, Message = "Reply to {MessageId} follows its person to {Channel}")]
    public static partial void Followed(ILogger logger, string messageId, string channel);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Information, Message = "Message {MessageId} blocked by moderation")]
    public static partial void Blocked(ILogger logger, string messageId);

    [LoggerMessage(EventId = 3207, Level = LogLevel.Information, Message = "Message {MessageId} over the rate limit (notified: {Notified})")]
    public static partial void RateLimited(ILogger logger, string messageId, bool notified);

    [LoggerMessage(EventId = 3208, Level = LogLevel.Debug, Message = "Message {MessageId} in the operators' chat is not a command: not answered")]
    public static partial void OperatorChat(ILogger logger, string messageId);

    [LoggerMessage(EventId = 3209, Level = LogLevel.Debug, Message = "Message {MessageId} not asked of the model: budget used up (notified: {Notified})")]
    public static partial void BudgetRefused(ILogger logger, string messageId, bool notified);
}
