using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Discord;

/// <summary>Checks <see cref="DiscordOptions"/> at start; messages name the key, never the token.</summary>
internal sealed class DiscordOptionsValidator : IValidateOptions<DiscordOptions>
{
    private const string Section = DiscordOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, DiscordOptions options)
    {
        var failures = new List<string>();
        if (!IsToken(options.Token))
        {
            failures.Add($"{Section}:Token is not a bot token (expected the token from the Developer Portal's Bot page, without the \"Bot \" prefix).");
        }

        if (options.ApiBaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{Section}:ApiBaseUrl must be an absolute http or https URL.");
        }

        if (options.CdnBaseUrls?.Any(u => u is not { IsAbsoluteUri: true } || (u.Scheme != Uri.UriSchemeHttps && u.Scheme != Uri.UriSchemeHttp)) == true)
        {
            failures.Add($"{Section}:CdnBaseUrls must be absolute http or https URLs.");
        }

        if ((options.Intents & (DiscordIntents.GuildMessages | DiscordIntents.DirectMessages)) == 0)
        {
            failures.Add($"{Section}:Intents must include GuildMessages or DirectMessages, or the hub receives no messages.");
        }

        if (options.GuildMessages == DiscordGuildMode.All && !options.Intents.HasFlag(DiscordIntents.MessageContent))
        {
            failures.Add($"{Section}:GuildMessages=All needs the MessageContent intent (and the privileged intent switched on in the Developer Portal).");
        }

        Positive(failures, options.RequestTimeout, nameof(options.RequestTimeout));
        Positive(failures, options.RetryBaseDelay, nameof(options.RetryBaseDelay));
        Positive(failures, options.TypingInterval, nameof(options.TypingInterval));
        Positive(failures, options.MaxTypingDuration, nameof(options.MaxTypingDuration));
        Positive(failures, options.ReplyStateTtl, nameof(options.ReplyStateTtl));
        Positive(failures, options.GatewayConnectTimeout, nameof(options.GatewayConnectTimeout));
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

    /// <summary>
    /// A plausible token: 30–200 URL-safe base64 characters and dots (the format is Discord's to change, so only
    /// its alphabet is checked). A pasted <c>Bot </c> prefix or whitespace is refused.
    /// </summary>
    internal static bool IsToken(string? token)
    {
        if (token is not { Length: >= 30 and <= 200 })
        {
            return false;
        }

        foreach (var c in token)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '.' and not '_' and not '-')
            {
                return false;
            }
        }

        return true;
    }
}
