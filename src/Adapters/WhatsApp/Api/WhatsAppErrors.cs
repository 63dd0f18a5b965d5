using System.Globalization;
using System.Net;
using System.Text.Json;

namespace ChatHub.Adapters.WhatsApp.Api;

/// <summary>
/// Reads a Graph API error answer, <c>{"error":{"message","type","code","error_subcode","error_data":{"details"},"fbtrace_id"}}</c>,
/// into a <see cref="WhatsAppError"/>. The Cloud API answers most errors with 400 and tells them apart by code
/// (WhatsApp's error-code reference); a malformed body still gives an error of the status.
/// </summary>
internal static class WhatsAppErrors
{
    public const int PairRateLimit = 131056;
    public const int ThroughputLimit = 130429;
    public const int AccountRateLimit = 80007;
    public const int ReEngagement = 131047;
    public const int TokenExpired = 190;

    public static WhatsAppError Read(HttpStatusCode status, ReadOnlySpan<byte> body, TimeSpan? retryAfter)
    {
        int? code = null;
        var description = "";
        try
        {
            using var document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                if (error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var value))
                {
                    code = value;
                }

                description = String(error, "message") ?? "";
                if (error.TryGetProperty("error_data", out var data) && data.ValueKind == JsonValueKind.Object && String(data, "details") is { Length: > 0 } details)
                {
                    description = description.Length == 0 ? details : $"{description}: {details}";
                }
            }
        }
        catch (JsonException)
        {
            // Not a Graph error body (a proxy's page): the status says enough.
        }

        if (description.Length == 0)
        {
            description = string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)status}");
        }

        return new WhatsAppError(Classify((int)status, code), (int)status, code, description, retryAfter);
    }

    public static WhatsAppErrorKind Classify(int status, int? code) => code switch
    {
        PairRateLimit => WhatsAppErrorKind.PairRateLimited,
        ThroughputLimit or AccountRateLimit or 4 or 613 or 80004 => WhatsAppErrorKind.RateLimited,
        ReEngagement => WhatsAppErrorKind.WindowClosed,
        TokenExpired => WhatsAppErrorKind.Unauthorized,
        1 or 2 or 131000 or 131016 => WhatsAppErrorKind.ServerError,
        _ => status switch
        {
            429 => WhatsAppErrorKind.RateLimited,
            401 => WhatsAppErrorKind.Unauthorized,
            >= 500 => WhatsAppErrorKind.ServerError,
            _ => WhatsAppErrorKind.Rejected,
        },
    };

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
