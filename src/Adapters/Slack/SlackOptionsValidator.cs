using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Slack;

/// <summary>Checks <see cref="SlackOptions"/> at start; messages name the key, never a token or the secret.</summary>
internal sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    private const string Section = SlackOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        var failures = new List<string>();
        if (!IsToken(options.BotToken, "xoxb-"))
        {
            failures.Add($"{Section}:BotToken is not a bot token (expected the xoxb-… token from OAuth & Permissions).");
        }

        if (options.Mode == SlackMode.Events && !IsSigningSecret(options.SigningSecret))
        {
            failures.Add($"{Section}:SigningSecret is required in Events mode: the app's signing secret (32 or more hexadecimal characters, Basic Information → App Credentials).");
        }

        if (options.Mode == SlackMode.SocketMode && !IsToken(options.AppToken, "xapp-"))
        {
            failures.Add($"{Section}:AppToken is required in SocketMode: an app-level token (xapp-…) with the connections:write scope.");
        }

        if (!Enum.IsDefined(options.Mode))
        {
            failures.Add($"{Section}:Mode must be Events or SocketMode.");
        }

        if (options.ApiBaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
        {
            failures.Add($"{Section}:ApiBaseUrl must be an absolute http or https URL without a query.");
        }

        if (options.MaxClockSkew <= TimeSpan.Zero || options.MaxClockSkew > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{Section}:MaxClockSkew must be positive and at most 5 minutes (Slack's replay window).");
        }

        Positive(failures, options.FailedAuthRefill, nameof(options.FailedAuthRefill));
        Positive(failures, options.RequestTimeout, nameof(options.RequestTimeout));
        Positive(failures, options.RetryBaseDelay, nameof(options.RetryBaseDelay));
        Positive(failures, options.ReplyStateTtl, nameof(options.ReplyStateTtl));
        Positive(failures, options.SocketConnectTimeout, nameof(options.SocketConnectTimeout));
        Positive(failures, options.ReconnectBaseDelay, nameof(options.ReconnectBaseDelay));
        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            failures.Add($"{Section}:RetryMaxDelay must not be less than RetryBaseDelay.");
        }

        if (options.ReconnectMaxDelay < options.ReconnectBaseDelay)
        {
            failures.Add($"{Section}:ReconnectMaxDelay must not be less than ReconnectBaseDelay.");
        }

        if (options.MaxRateLimitWait < TimeSpan.Zero || options.MinEditInterval < TimeSpan.Zero)
        {
            failures.Add($"{Section}:MaxRateLimitWait and MinEditInterval must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, TimeSpan value, string key)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:{key} must be positive.");
        }
    }

    /// <summary>A plausible token: the documented prefix, then 10–250 of letters, digits and <c>-</c> (no whitespace, no "Bearer ").</summary>
    internal static bool IsToken(string? token, string prefix)
    {
        if (token is not { Length: <= 256 } || !token.StartsWith(prefix, StringComparison.Ordinal) || token.Length < prefix.Length + 10)
        {
            return false;
        }

        foreach (var c in token)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Slack's signing secrets are 32 hexadecimal characters; longer ones are accepted, shorter ones can be guessed.</summary>
    internal static bool IsSigningSecret(string? secret) =>
        secret is { Length: >= 32 and <= 256 } && secret.All(char.IsAsciiHexDigit);
}
