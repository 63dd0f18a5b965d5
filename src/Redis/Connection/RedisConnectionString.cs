using System.Net;
using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace ChatHub.Redis.Connection;

/// <summary>
/// <c>ConnectionStrings:Redis</c> in StackExchange.Redis's format (<see cref="ConfigurationOptions.Parse(string)"/>), and
/// the settings this hub always applies on top: <c>abortConnect=false</c> (start while Redis is down) and
/// <see cref="BacklogPolicy.FailFast"/> (no command waits in the client's backlog while disconnected).
/// </summary>
public static partial class RedisConnectionString
{
    /// <summary>Parses the connection string; throws <see cref="ArgumentException"/> with a message that never shows the password.</summary>
    public static ConfigurationOptions Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or NotSupportedException)
        {
            throw new ArgumentException(Redact(ex.Message, connectionString), nameof(connectionString));
        }

        if (options.EndPoints.Count == 0)
        {
            throw new ArgumentException("no endpoint (host:port) is given.", nameof(connectionString));
        }

        return Harden(options);
    }

    /// <summary>A copy of <paramref name="options"/> with <c>abortConnect=false</c> and the fail-fast backlog policy.</summary>
    public static ConfigurationOptions Harden(ConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = options.Clone();
        copy.AbortOnConnectFail = false;
        copy.BacklogPolicy = BacklogPolicy.FailFast;
        return copy;
    }

    /// <summary>The endpoints, for logs and <c>/readyz</c>.</summary>
    public static string DescribeEndPoints(ConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.Join(",", options.EndPoints.Select(Describe));
    }

    public static string Describe(EndPoint? endPoint) => endPoint switch
    {
        null => "?",
        DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        _ => endPoint.ToString() ?? "?",
    };

    /// <summary>A parse error may quote a value: never the password's.</summary>
    private static string Redact(string message, string connectionString)
    {
        foreach (Match match in PasswordPattern().Matches(connectionString))
        {
            var secret = match.Groups[1].Value;
            if (secret.Length > 0)
            {
                message = message.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return message;
    }

    [GeneratedRegex(@"(?:^|,)\s*password\s*=([^,]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordPattern();
}
