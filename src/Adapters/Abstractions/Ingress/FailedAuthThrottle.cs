using System.Globalization;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatHub.Adapters.Abstractions.Ingress;

/// <summary>
/// Refused webhook calls (no or a wrong platform proof) per client address: the first <c>burst</c> are answered (and
/// logged) by the adapter, then one per <c>refill</c>; beyond that the answer is 429 with Retry-After and no log line,
/// so forged calls cannot flood the log. Buckets live in the shared <see cref="ITokenBucketLimiter"/> under
/// <c>{keyPrefix}:unauthorized:{address}</c>.
/// </summary>
internal sealed class FailedAuthThrottle
{
    private readonly ITokenBucketLimiter _buckets;
    private readonly TokenBucketRule _rule;
    private readonly string _keyPrefix;
    private readonly string _retryAfter;

    public FailedAuthThrottle(ITokenBucketLimiter buckets, string keyPrefix, int burst, TimeSpan refill)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        _buckets = buckets;
        _rule = new TokenBucketRule(burst, refill);
        _keyPrefix = keyPrefix + ":unauthorized:";
        _retryAfter = ((int)Math.Ceiling(refill.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Counts one refused call from the caller's address: null while the address has tokens left (answer and log it),
    /// else the 429 to return as it is, with Retry-After set and <paramref name="detail"/>.
    /// </summary>
    public async ValueTask<ProblemHttpResult?> ThrottleAsync(HttpContext context, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        var client = ClientAddresses.Key(context.Connection.RemoteIpAddress) ?? "unknown";
        if (await _buckets.TryAcquireAsync(_keyPrefix + client, _rule, context.RequestAborted))
        {
            return null;
        }

        context.Response.Headers.RetryAfter = _retryAfter;
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, detail: detail);
    }
}
