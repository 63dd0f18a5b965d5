using System.Globalization;

namespace ChatHub.Adapters.WhatsApp.CloudApi;

/// <summary>
/// A failed Cloud API call: the kind, the HTTP status, the Graph error's <c>code</c> and a description (the error's
/// <c>message</c> and <c>error_data.details</c>, platform text: escape it in logs), and the delay the platform asked for.
/// </summary>
internal sealed record CloudApiError(CloudApiErrorKind Kind, int? StatusCode, int? Code, string Description, TimeSpan? RetryAfter = null)
{
    /// <summary>Whether the same request may succeed later (rate limits, server errors, timeouts, network).</summary>
    public bool IsRetryable => Kind is CloudApiErrorKind.RateLimited or CloudApiErrorKind.PairRateLimited
        or CloudApiErrorKind.ServerError or CloudApiErrorKind.Timeout or CloudApiErrorKind.Network;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{StatusCode?.ToString(CultureInfo.InvariantCulture) ?? Kind.ToString()}{(Code is { } code ? $" (#{code})" : "")} {Description}");
}
