using ChatHub.Conversation.Telemetry;
using Microsoft.Extensions.Logging;

namespace ChatHub.Conversation.Bus;

/// <summary>
/// Wraps a consumer handler with capped exponential backoff; a message that still fails is handed to
/// <c>onPoison</c> (normally: published to <c>chat.dlq</c> with the error) so it never blocks its partition for long.
/// A failure that <c>isTransient</c> recognises (the infrastructure, not the message), and a handler's own
/// <see cref="HandlerResult.RetryLater"/> (a platform's transient answer, as a value), is retried until the policy's
/// transient budget is spent instead of after a fixed number of attempts: the partition waits (keeping the order of
/// its conversations) while a store or platform is briefly down, and nothing accepted is dead-lettered for it.
/// <c>onPoison</c> gets the reason: the exception's type and message, or the handler's retry reason.
/// </summary>
public static partial class RetryingHandler
{
    public static Func<BusMessage<T>, CancellationToken, ValueTask> Wrap<T>(
        string topic,
        Func<BusMessage<T>, CancellationToken, ValueTask<HandlerResult>> handler,
        Func<BusMessage<T>, string, CancellationToken, ValueTask> onPoison,
        RetryPolicy policy,
        TimeProvider time,
        ILogger logger,
        Func<Exception, bool>? isTransient = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(onPoison);
        ArgumentNullException.ThrowIfNull(policy);
        return async (message, cancellationToken) =>
        {
            DateTimeOffset? firstTransient = null;
            var messageFailures = 0;
            for (var attempt = 1; ; attempt++)
            {
                Exception? error = null;
                string reason;
                bool transient;
                try
                {
                    var result = await handler(message, cancellationToken);
                    if (result.IsHandled)
                    {
                        return;
                    }

                    reason = result.RetryReason!;
                    transient = true;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    error = ex;
                    reason = $"{ex.GetType().Name}: {ex.Message}";
                    transient = isTransient?.Invoke(ex) == true;
                }

                if (transient)
                {
                    firstTransient ??= time.GetUtcNow();
                }
                else
                {
                    messageFailures++;
                }

                if (transient ? time.GetUtcNow() - firstTransient >= policy.TransientBudget : messageFailures >= policy.MaxAttempts)
                {
                    LogGaveUp(logger, topic, attempt, reason, error);
                    await onPoison(message, reason, cancellationToken);
                    return;
                }

                var delay = policy.DelayFor(attempt);
                LogRetrying(logger, topic, attempt, delay, error?.GetType().Name ?? "retry later");
                await Task.Delay(delay, time, cancellationToken);
            }
        };
    }

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Handler for {Topic} failed (attempt {Attempt}, {ErrorType}); retrying in {Delay}")]
    private static partial void LogRetrying(ILogger logger, string topic, int attempt, TimeSpan delay, string errorType);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Error, Message = "Handler for {Topic} failed {Attempt} times ({Reason}); dead-lettering the message")]
    private static partial void LogGaveUp(ILogger logger, string topic, int attempt, UntrustedText reason, Exception? exception);
}
