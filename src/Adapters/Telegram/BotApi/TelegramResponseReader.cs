using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ChatHub.Adapters.Telegram.BotApi;

/// <summary>Turns an HTTP answer into a <see cref="TelegramResult{T}"/>, classifying errors (see <see cref="TelegramErrorKind"/>).</summary>
internal static class TelegramResponseReader
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    public static async Task<TelegramResult<T>> ReadAsync<T>(
        HttpResponseMessage response, JsonTypeInfo<ApiResponse<T>> responseInfo, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        ApiResponse<T>? body = null;
        try
        {
            body = await response.Content.ReadFromJsonAsync(responseInfo, cancellationToken);
        }
        catch (JsonException)
        {
            // Not a Bot API answer (a proxy's error page): classified by the status code below.
        }

        if (body is { Ok: true } && response.IsSuccessStatusCode)
        {
            return body.Result is null
                ? TelegramResult<T>.Fail(new TelegramError(TelegramErrorKind.InvalidResponse, "ok without a result", status))
                : TelegramResult<T>.Ok(body.Result);
        }

        var code = body?.ErrorCode ?? status;
        var description = body?.Description ?? (body is null ? $"HTTP {status} without a Bot API body" : "no description");
        var retryAfter = body?.Parameters?.RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : RetryAfterHeader(response);
        var migrateTo = body?.Parameters?.MigrateToChatId;
        var kind = Classify(code, description, migrateTo, body is null);
        if (kind == TelegramErrorKind.RateLimited)
        {
            retryAfter ??= DefaultRetryAfter;
        }

        return TelegramResult<T>.Fail(new TelegramError(kind, description, code, retryAfter, migrateTo));
    }

    internal static TelegramErrorKind Classify(int code, string description, long? migrateTo, bool unparsed) => code switch
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
        >= 200 and < 300 when unparsed => TelegramErrorKind.InvalidResponse,
        _ => TelegramErrorKind.Other,
    };

    private static TimeSpan? RetryAfterHeader(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter?.Delta is { } delta)
        {
            return delta;
        }

        return response.Headers.TryGetValues("Retry-After", out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }
}
