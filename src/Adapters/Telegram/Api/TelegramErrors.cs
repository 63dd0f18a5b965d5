using System.Net;
using Telegram.Bot.Exceptions;

namespace ChatHub.Adapters.Telegram.Api;

/// <summary>
/// Telegram.Bot's exceptions as <see cref="TelegramError"/> values (see <see cref="TelegramErrorKind"/>):
/// <list type="bullet">
/// <item><see cref="ApiRequestException"/>: a Bot API error answer; its <c>error_code</c>, description and parameters
/// (<c>retry_after</c>, <c>migrate_to_chat_id</c>) decide;</item>
/// <item><see cref="RequestException"/> with an HTTP status: an answer that is not a Bot API one (a proxy's 502 page,
/// an empty 200), classified by the status;</item>
/// <item><see cref="RequestException"/> without one: the connection failed (its message may name the host but never
/// the path, and is not used: only the category of the failure).</item>
/// </list>
/// </summary>
internal static class TelegramErrors
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>The error value of a failed call, or null for an exception that is not a Bot API failure (a bug: thrown on).</summary>
    public static TelegramError? TryClassify(Exception exception) => exception switch
    {
        ApiRequestException api => FromAnswer(api.ErrorCode, api.Message, api.Parameters?.RetryAfter, api.Parameters?.MigrateToChatId),
        RequestException { HttpStatusCode: { } status } => FromStatus((int)status),
        RequestException { InnerException: HttpRequestException http } =>
            new TelegramError(TelegramErrorKind.Network, $"request failed ({http.HttpRequestError})"),
        RequestException { InnerException: TaskCanceledException or TimeoutException } =>
            new TelegramError(TelegramErrorKind.Timeout, "the HTTP client timed out"),
        RequestException request => new TelegramError(TelegramErrorKind.Network, $"request failed ({request.InnerException?.GetType().Name ?? "no answer"})"),
        _ => null,
    };

    internal static TelegramError FromAnswer(int code, string description, int? retryAfterSeconds, long? migrateTo)
    {
        var kind = Classify(code, description, migrateTo);
        TimeSpan? retryAfter = retryAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
        if (kind == TelegramErrorKind.RateLimited)
        {
            retryAfter ??= DefaultRetryAfter;
        }

        return new TelegramError(kind, description, code, retryAfter, migrateTo);
    }

    internal static TelegramErrorKind Classify(int code, string description, long? migrateTo) => code switch
    {
        _ when migrateTo is not null => TelegramErrorKind.Migrated,
        429 => TelegramErrorKind.RateLimited,
        400 when description.Contains("message is not modified", StringComparison.OrdinalIgnoreCase) => TelegramErrorKind.NotModified,
        400 => TelegramErrorKind.BadRequest,
        401 => TelegramErrorKind.Unauthorized,
        403 => TelegramErrorKind.Forbidden,
        404 => TelegramErrorKind.NotFound,
        409 => TelegramErrorKind.Conflict,
        >= 500 => TelegramErrorKind.ServerError,
        _ => TelegramErrorKind.Other,
    };

    /// <summary>An HTTP answer without a Bot API body: a 2xx is garbled, the rest by its status code.</summary>
    private static TelegramError FromStatus(int status) => status is >= 200 and < 300
        ? new TelegramError(TelegramErrorKind.InvalidResponse, $"HTTP {status} without a Bot API result", status)
        : status == (int)HttpStatusCode.TooManyRequests
            ? new TelegramError(TelegramErrorKind.RateLimited, $"HTTP {status} without a Bot API body", status, DefaultRetryAfter)
            : new TelegramError(Classify(status, "", null), $"HTTP {status} without a Bot API body", status);
}
