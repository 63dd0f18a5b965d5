using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Telegram;

/// <summary>Checks <see cref="TelegramOptions"/> at start; messages name the key, never the token or secret.</summary>
internal sealed class TelegramOptionsValidator : IValidateOptions<TelegramOptions>
{
    private const string Section = TelegramOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, TelegramOptions options)
    {
        var failures = new List<string>();
        if (!IsToken(options.Token))
        {
            failures.Add($"{Section}:Token is not a bot token (expected digits, a colon and the key from @BotFather).");
        }

        if (!IsHttp(options.ApiBaseUrl))
        {
            failures.Add($"{Section}:ApiBaseUrl must be an absolute http or https URL.");
        }

        if (options.WebhookSecret is { Length: > 0 } secret && !IsSecret(secret))
        {
            failures.Add($"{Section}:WebhookSecret must be 16–256 characters of A–Z, a–z, 0–9, _ and - (use a long random value, e.g. `openssl rand -hex 32`).");
        }

        if (options.Mode == TelegramMode.Webhook && string.IsNullOrEmpty(options.WebhookSecret) && !options.AllowUnauthenticatedWebhook)
        {
            failures.Add($"{Section}:WebhookSecret is required in webhook mode, so that only Telegram can post updates. " +
                $"Set it (and PublicUrl, or call setWebhook with the same secret), or use {Section}:Mode=polling.");
        }

        if (options.PublicUrl is { } url && !IsHttp(url))
        {
            failures.Add($"{Section}:PublicUrl must be an absolute http or https URL (Telegram itself requires https).");
        }

        Positive(failures, options.RequestTimeout, nameof(options.RequestTimeout));
        Positive(failures, options.RetryBaseDelay, nameof(options.RetryBaseDelay));
        Positive(failures, options.TypingInterval, nameof(options.TypingInterval));
        Positive(failures, options.MaxTypingDuration, nameof(options.MaxTypingDuration));
        Positive(failures, options.ReplyStateTtl, nameof(options.ReplyStateTtl));
        Positive(failures, options.PollingErrorDelay, nameof(options.PollingErrorDelay));
        Positive(failures, options.FailedAuthRefill, nameof(options.FailedAuthRefill));
        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            failures.Add($"{Section}:RetryMaxDelay must not be less than RetryBaseDelay.");
        }

        if (options.PollingTimeout < TimeSpan.Zero || options.PollingTimeout > TimeSpan.FromSeconds(50))
        {
            failures.Add($"{Section}:PollingTimeout must be between 0 and 50 seconds.");
        }

        if (options.MaxRetryAfterWait < TimeSpan.Zero || options.MinEditInterval < TimeSpan.Zero)
        {
            failures.Add($"{Section}:MaxRetryAfterWait and MinEditInterval must not be negative.");
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

    internal static bool IsToken(string? token)
    {
        if (!TelegramOptions.TryGetBotId(token, out _))
        {
            return false;
        }

        var key = token.AsSpan(token!.IndexOf(':', StringComparison.Ordinal) + 1);
        return key.Length is > 0 and <= 256 && IsSecretChars(key);
    }

    /// <summary>The minimum length of <see cref="TelegramOptions.WebhookSecret"/>: 16 of 64 symbols, 96 bits.</summary>
    internal const int MinSecretLength = 16;

    private static bool IsSecret(string secret) => secret.Length is >= MinSecretLength and <= 256 && IsSecretChars(secret);

    private static bool IsSecretChars(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHttp(Uri? uri) => uri is { IsAbsoluteUri: true } && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
