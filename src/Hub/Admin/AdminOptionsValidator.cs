using Microsoft.Extensions.Options;

namespace ChatHub.Hub.Admin;

/// <summary>
/// Checks <see cref="AdminOptions"/> at start: every key at least 16 characters with an estimated entropy of at least
/// 64 bits (length × the Shannon entropy of its characters: 16 identical characters have none, a random 22-character
/// base64 value about 95 bits), names of letters, digits, <c>.</c>, <c>_</c> and <c>-</c>, no key under two names, and
/// management URLs that are absolute http(s) URLs with a port. Messages name the setting, never the key.
/// </summary>
internal sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public const int MinKeyLength = 16;
    public const double MinKeyBits = 64;

    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            CheckKey(failures, "Admin:ApiKey", options.ApiKey);
        }

        foreach (var (keyName, key) in options.Keys)
        {
            if (keyName.Length is 0 or > 64 || !keyName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                failures.Add($"Admin:Keys: the name '{keyName}' must be 1–64 letters, digits, '.', '_' or '-'.");
            }

            if (string.Equals(keyName, AdminOptions.DefaultKeyName, StringComparison.Ordinal) && !string.IsNullOrEmpty(options.ApiKey))
            {
                failures.Add($"Admin:Keys:{AdminOptions.DefaultKeyName} and Admin:ApiKey name the same key: set one of them.");
            }

            if (!string.IsNullOrEmpty(key))
            {
                CheckKey(failures, $"Admin:Keys:{keyName}", key);
            }
        }

        var keys = options.NamedKeys();
        if (keys.Select(k => k.Key).Distinct(StringComparer.Ordinal).Count() != keys.Count)
        {
            failures.Add("Admin:Keys: two names have the same key; give each caller a key of its own.");
        }

        if (!ManagementAddress.TryParse(options.Urls, out _, out var urlProblem))
        {
            failures.Add(urlProblem!);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Length × Shannon entropy of the character distribution, in bits.</summary>
    internal static double EstimatedBits(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var entropy = 0.0;
        foreach (var group in key.GroupBy(c => c))
        {
            var p = (double)group.Count() / key.Length;
            entropy -= p * Math.Log2(p);
        }

        return entropy * key.Length;
    }

    private static void CheckKey(List<string> failures, string setting, string key)
    {
        if (key.Length < MinKeyLength)
        {
            failures.Add($"{setting} must be at least {MinKeyLength} characters (use a long random value, e.g. `openssl rand -base64 32`).");
        }
        else if (EstimatedBits(key) < MinKeyBits)
        {
            failures.Add($"{setting} is too predictable (repeated or few distinct characters); use a long random value, e.g. `openssl rand -base64 32`.");
        }
    }
}
