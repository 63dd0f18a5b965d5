using System.Globalization;

namespace ChatHub.Adapters.BotFramework.Api;

/// <summary>Reads what an HTTP answer says about retrying: the Retry-After header (seconds or a date) and a short error description.</summary>
internal static class BotFrameworkResponses
{
    private const int MaxDescriptionLength = 300;

    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Headers.RetryAfter is { } header)
        {
            if (header.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (header.Date is { } date)
            {
                var wait = date - time.GetUtcNow();
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
        }

        return response.Headers.TryGetValues("Retry-After", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }

    /// <summary>The connector's error code and message (<c>{"error":{"code","message"}}</c>), shortened; or the reason phrase.</summary>
    public static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            body = "";
        }

        var described = TryReadError(body) ?? response.ReasonPhrase ?? "error";
        return described.Length <= MaxDescriptionLength ? described : described[..MaxDescriptionLength] + "…";
    }

    private static string? TryReadError(string body)
    {
        if (body.Length == 0 || body[0] != '{')
        {
            return null;
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == System.Text.Json.JsonValueKind.String)
                {
                    // OAuth: {"error":"invalid_client","error_description":"AADSTS…"}; the description carries no secret.
                    var description = root.TryGetProperty("error_description", out var d) ? d.GetString() : null;
                    return description is null ? error.GetString() : $"{error.GetString()}: {description.Split('\r', '\n')[0]}";
                }

                var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                var message = error.TryGetProperty("message", out var m) ? m.GetString() : null;
                return string.Join(": ", new[] { code, message }.Where(s => !string.IsNullOrEmpty(s)));
            }

            return root.TryGetProperty("message", out var plain) ? plain.GetString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
