using System.Globalization;

namespace ChatHub.Adapters.WhatsApp.Api;

/// <summary>
/// A failed Cloud API call: the kind, the HTTP status, the Graph error's <c>code</c> and a description (the error's
/// <c>message</c> and <c>error_data.details</c>, platform text: escape it in logs), and the delay the platform asked for.
/// </summary>
internal sealed record WhatsAppError(WhatsAppErrorKind Kind, int? StatusCode, int? Code, string Description, TimeSpan? RetryAfter = null)
{
    /// <summary>Whether the same request may succeed later (rate limits, server errors, timeouts, network).</summary>
    public bool IsRetryable => Kind is WhatsAppErrorKind.RateLimited or WhatsAppErrorKind.PairRateLimited
        or WhatsAppErrorKind.ServerError or WhatsAppErrorKind.Timeout or WhatsAppErrorKind.Network;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{StatusCode?.ToString(CultureInfo.InvariantCulture) ?? Kind.ToString()}{(Code is { } code ? $" (#{code})" : "")} {Description}");
}
