using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ChatHub.Adapters.Discord.Api;

/// <summary>
/// Turns an HTTP answer into a <see cref="DiscordResult{T}"/>: feeds the rate-limit headers to the limiter,
/// pauses the bucket (or everything) on 429 from the body's <c>retry_after</c>, and classifies errors.
/// </summary>
internal static class DiscordResponseReader
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    public static async Task<DiscordResult<T>> ReadAsync<T>(
        DiscordRoute route, HttpResponseMessage response, JsonTypeInfo<T>? responseInfo, DiscordRateLimiter limiter, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var headers = RateLimitHeaders.Read(response.Headers);
        limiter.Update(route, headers);
        if (response.IsSuccessStatusCode)
        {
            if (responseInfo is null)
            {
                return DiscordResult<T>.Ok(default!);
            }

            try
            {
                var value = await response.Content.ReadFromJsonAsync(responseInfo, cancellationToken);
                return value is null
                    ? DiscordResult<T>.Fail(new DiscordError(DiscordErrorKind.InvalidResponse, "empty answer", status))
                    : DiscordResult<T>.Ok(value);
            }
            catch (JsonException)
            {
                return DiscordResult<T>.Fail(new DiscordError(DiscordErrorKind.InvalidResponse, "an answer that is not the expected JSON", status));
            }
        }

        DiscordApiError? body = null;
        try
        {
            body = await response.Content.ReadFromJsonAsync(DiscordJsonContext.Default.DiscordApiError, cancellationToken);
        }
        catch (JsonException)
        {
            // Not a Discord answer (a proxy's or Cloudflare's error page): classified by the status code.
        }

        var description = body?.Message ?? $"HTTP {status} without a Discord error body";
        if (status == 429)
        {
            var retryAfter = body?.RetryAfter is { } seconds && seconds >= 0 ? TimeSpan.FromSeconds(seconds) : headers.RetryAfter ?? DefaultRetryAfter;
            var global = headers.Global || body?.Global == true || headers.Scope == "global";
            limiter.Pause(route, retryAfter, global);
            return DiscordResult<T>.Fail(new DiscordError(DiscordErrorKind.RateLimited, description, status, body?.Code, retryAfter, global));
        }

        return DiscordResult<T>.Fail(new DiscordError(Classify(status), description, status, body?.Code));
    }

    internal static DiscordErrorKind Classify(int status) => status switch
    {
        429 => DiscordErrorKind.RateLimited,
        400 => DiscordErrorKind.BadRequest,
        401 => DiscordErrorKind.Unauthorized,
        403 => DiscordErrorKind.Forbidden,
        404 => DiscordErrorKind.NotFound,
        >= 500 => DiscordErrorKind.ServerError,
        _ => DiscordErrorKind.Other,
    };
}
