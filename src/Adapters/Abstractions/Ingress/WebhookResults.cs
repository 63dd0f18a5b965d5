using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatHub.Adapters.Abstractions.Ingress;

/// <summary>Answers a webhook gives that do not depend on the platform.</summary>
internal static class WebhookResults
{
    /// <summary>Seconds a platform is asked to wait before it delivers a refused call again.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>
    /// 503 with Retry-After: the call could not be accepted now (the bot's identity is not known yet, the bus failed)
    /// and the platform will deliver it again. Never a 500.
    /// </summary>
    public static ProblemHttpResult Unavailable(HttpContext context, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: detail);
    }
}
