using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.WhatsApp;

/// <summary>Checks <see cref="WhatsAppOptions"/> at start; messages name the key, never the secret.</summary>
internal sealed class WhatsAppOptionsValidator : IValidateOptions<WhatsAppOptions>
{
    private const string Section = WhatsAppOptions.SectionName;
    private readonly HubRoles _roles;

    public WhatsAppOptionsValidator(HubRoles roles) => _roles = roles;

    public ValidateOptionsResult Validate(string? name, WhatsAppOptions options)
    {
        var failures = new List<string>();
        if (options.PhoneNumberId is not { Length: > 0 and <= 32 } id || !id.All(char.IsAsciiDigit))
        {
            failures.Add($"{Section}:PhoneNumberId must be the business phone number's id (digits, from WhatsApp Manager → API setup), not the phone number.");
        }

        if (_roles.Has(HubRole.Ingress))
        {
            if (string.IsNullOrEmpty(options.AppSecret))
            {
                failures.Add($"{Section}:AppSecret (the Meta app's secret) is required: every notification's X-Hub-Signature-256 is checked with it.");
            }

            if (options.VerifyToken is not { Length: >= 16 and <= 256 } verify || verify.Any(char.IsWhiteSpace))
            {
                failures.Add($"{Section}:VerifyToken must be 16–256 characters without spaces (a random value, also typed into the app's webhook settings).");
            }
        }

        if (_roles.Has(HubRole.Egress) && (string.IsNullOrEmpty(options.AccessToken) || options.AccessToken.Any(char.IsWhiteSpace)))
        {
            failures.Add($"{Section}:AccessToken (a system user's token with whatsapp_business_messaging) is required to send replies and must not contain spaces.");
        }

        var url = options.ApiBaseUrl;
        if (url is null || !url.IsAbsoluteUri || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.UserInfo)
            || !(url.Scheme == Uri.UriSchemeHttps || (options.AllowInsecureHttp && url.Scheme == Uri.UriSchemeHttp)))
        {
            failures.Add(url is { IsAbsoluteUri: true } && url.Scheme == Uri.UriSchemeHttp
                ? $"{Section}:ApiBaseUrl must use https (plain http only with {Section}:AllowInsecureHttp=true, for local development)."
                : $"{Section}:ApiBaseUrl must be an absolute https URL without credentials or query, e.g. {WhatsAppOptions.DefaultApiBaseUrl}.");
        }

        var template = options.WindowTemplate;
        if (!string.IsNullOrEmpty(template.Name))
        {
            if (template.Name.Length > 512 || !template.Name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                failures.Add($"{Section}:WindowTemplate:Name must be an approved template's name (lowercase letters, digits and '_').");
            }

            if (template.Language is not { Length: >= 2 and <= 15 } language || !language.All(c => char.IsAsciiLetter(c) || c == '_'))
            {
                failures.Add($"{Section}:WindowTemplate:Language must be the template's language code, e.g. en_US.");
            }
        }

        if (options.ServiceWindow <= TimeSpan.Zero || options.ServiceWindow > TimeSpan.FromHours(24))
        {
            failures.Add($"{Section}:ServiceWindow must be positive and at most 24 hours (WhatsApp's customer-service window).");
        }

        if (options.MaxMessageAge <= TimeSpan.Zero || options.MaxMessageAge > TimeSpan.FromHours(24))
        {
            failures.Add($"{Section}:MaxMessageAge must be positive and at most 24 hours (the hub's de-duplication window), so a replay is either a duplicate or too old.");
        }

        Positive(failures, options.FailedAuthRefill, nameof(options.FailedAuthRefill));
        Positive(failures, options.PairInterval, nameof(options.PairInterval));
        Positive(failures, options.PairRateLimitDelay, nameof(options.PairRateLimitDelay));
        Positive(failures, options.RequestTimeout, nameof(options.RequestTimeout));
        Positive(failures, options.RetryBaseDelay, nameof(options.RetryBaseDelay));
        Positive(failures, options.ReplyStateTtl, nameof(options.ReplyStateTtl));
        if (options.MaxRetryWait < TimeSpan.Zero)
        {
            failures.Add($"{Section}:MaxRetryWait must not be negative.");
        }

        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            failures.Add($"{Section}:RetryMaxDelay must not be less than RetryBaseDelay.");
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
}
