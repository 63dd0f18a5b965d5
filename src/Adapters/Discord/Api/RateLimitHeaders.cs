using System.Globalization;
using System.Net.Http.Headers;

namespace ChatHub.Adapters.Discord.Api;

/// <summary>
/// The rate-limit headers of one response: <c>X-RateLimit-Bucket</c>, <c>-Remaining</c>, <c>-Reset-After</c>
/// (seconds, with decimals), and on 429 <c>X-RateLimit-Global</c>, <c>-Scope</c> and <c>Retry-After</c>.
/// </summary>
internal readonly record struct RateLimitHeaders(
    string? Bucket, int? Remaining, TimeSpan? ResetAfter, bool Global, string? Scope, TimeSpan? RetryAfter)
{
    public static RateLimitHeaders Read(HttpResponseHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var global = Value(headers, "X-RateLimit-Global") is { } g && g.Equals("true", StringComparison.OrdinalIgnoreCase);
        return new RateLimitHeaders(
            Value(headers, "X-RateLimit-Bucket"),
            int.TryParse(Value(headers, "X-RateLimit-Remaining"), NumberStyles.None, CultureInfo.InvariantCulture, out var remaining) ? remaining : null,
            Seconds(Value(headers, "X-RateLimit-Reset-After")),
            global,
            Value(headers, "X-RateLimit-Scope"),
            Seconds(Value(headers, "Retry-After")));
    }

    internal static TimeSpan? Seconds(string? text) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 0 and < 86_400
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private static string? Value(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
