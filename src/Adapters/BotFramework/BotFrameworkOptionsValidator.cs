using ChatHub.Adapters.BotFramework.Egress;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.BotFramework;

/// <summary>Checks <see cref="BotFrameworkOptions"/> at start; messages name the key, never the secret.</summary>
internal sealed class BotFrameworkOptionsValidator : IValidateOptions<BotFrameworkOptions>
{
    private const string Section = BotFrameworkOptions.SectionName;
    private readonly HubRoles _roles;

    public BotFrameworkOptionsValidator(HubRoles roles) => _roles = roles;

    public ValidateOptionsResult Validate(string? name, BotFrameworkOptions options)
    {
        var failures = new List<string>();
        if (!IsIdentifier(options.AppId, 128))
        {
            failures.Add($"{Section}:AppId must be the bot's Microsoft App ID (1–128 of A–Z, a–z, 0–9, '-', '.', '_').");
        }

        if (_roles.Has(HubRole.Egress) && string.IsNullOrEmpty(options.AppPassword))
        {
            failures.Add($"{Section}:AppPassword (the app registration's client secret) is required to send replies.");
        }

        if (!string.IsNullOrEmpty(options.TenantId) && !Guid.TryParseExact(options.TenantId.Trim(), "D", out _))
        {
            failures.Add($"{Section}:TenantId must be the tenant id, a GUID (the Directory (tenant) ID of the app registration): tokens and activities name the tenant by id.");
        }

        Url(failures, options, options.OpenIdMetadataUrl, nameof(options.OpenIdMetadataUrl));
        Url(failures, options, options.EntraOpenIdMetadataUrl, nameof(options.EntraOpenIdMetadataUrl));
        Url(failures, options, options.TokenEndpoint, nameof(options.TokenEndpoint));
        foreach (var allowed in options.AllowedServiceUrls)
        {
            if (ServiceUrlPrefix.Parse(allowed) is not { } prefix || !IsAllowedScheme(prefix.Url, options.AllowInsecureHttp))
            {
                failures.Add($"{Section}:AllowedServiceUrls has '{allowed}', which is not an absolute https URL without credentials, query or fragment (a host may start with '*.' followed by at least two labels).");
            }
        }

        if (!options.EffectiveAllowedServiceUrls.Any())
        {
            failures.Add($"{Section}:AllowedServiceUrls is empty and UseDefaultServiceUrls is off: no reply could be sent anywhere.");
        }

        if (string.IsNullOrWhiteSpace(options.BotConnectorIssuer))
        {
            failures.Add($"{Section}:BotConnectorIssuer must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.OAuthScope))
        {
            failures.Add($"{Section}:OAuthScope must not be empty.");
        }

        Positive(failures, options.RequestTimeout, nameof(options.RequestTimeout));
        Positive(failures, options.RetryBaseDelay, nameof(options.RetryBaseDelay));
        Positive(failures, options.TypingInterval, nameof(options.TypingInterval));
        Positive(failures, options.MaxTypingDuration, nameof(options.MaxTypingDuration));
        Positive(failures, options.ReplyStateTtl, nameof(options.ReplyStateTtl));
        Positive(failures, options.BudgetMaxWait, nameof(options.BudgetMaxWait));
        if (options.MetadataRefreshInterval <= TimeSpan.Zero || options.MetadataRefreshInterval > TimeSpan.FromHours(24))
        {
            failures.Add($"{Section}:MetadataRefreshInterval must be positive and at most 24 hours (the Bot Connector rotates its keys).");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{Section}:ClockSkew must be between 0 and 10 minutes.");
        }

        if (options.MinKeyRefreshInterval < TimeSpan.Zero || options.MaxRetryAfterWait < TimeSpan.Zero || options.TokenRefreshMargin < TimeSpan.Zero)
        {
            failures.Add($"{Section}:MinKeyRefreshInterval, MaxRetryAfterWait and TokenRefreshMargin must not be negative.");
        }

        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            failures.Add($"{Section}:RetryMaxDelay must not be less than RetryBaseDelay.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>https, or http when <see cref="BotFrameworkOptions.AllowInsecureHttp"/> is set.</summary>
    internal static bool IsAllowedScheme(Uri uri, bool allowInsecureHttp) =>
        uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttps || (allowInsecureHttp && uri.Scheme == Uri.UriSchemeHttp));

    private static void Url(List<string> failures, BotFrameworkOptions options, Uri? url, string key)
    {
        if (url is not null && !IsAllowedScheme(url, options.AllowInsecureHttp))
        {
            failures.Add(url.IsAbsoluteUri && url.Scheme == Uri.UriSchemeHttp
                ? $"{Section}:{key} must use https (plain http only with {Section}:AllowInsecureHttp=true, for local development)."
                : $"{Section}:{key} must be an absolute https URL.");
        }
    }

    private static void Positive(List<string> failures, TimeSpan value, string key)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:{key} must be positive.");
        }
    }

    private static bool IsIdentifier(string? value, int maxLength) =>
        value is { Length: > 0 } && value.Length <= maxLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_');
}
