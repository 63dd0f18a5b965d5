using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ChatHub.Resp;

/// <summary>Parsing of configuration strings. Error messages name the bad option but never echo a password.</summary>
public sealed partial record RespConfiguration
{
    /// <summary>
    /// Reads <c>host[:port][,key=value...]</c>. Keys (case-insensitive): password, user, ssl, sslHost, db,
    /// connectTimeout (ms), commandTimeout (ms), name, protocol (2 or 3), reconnectMinDelay (ms), reconnectMaxDelay (ms).
    /// Values cannot contain commas. Throws <see cref="FormatException"/> on bad input.
    /// </summary>
    public static RespConfiguration Parse(string configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var parts = configuration.Split(',', StringSplitOptions.TrimEntries);
        var (host, port) = ParseEndPoint(parts[0]);
        var result = new RespConfiguration { Host = host, Port = port };
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in parts.AsSpan(1))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                Fail(part.Length == 0 ? "an empty option (two commas in a row?)" : $"option '{part.Split('=')[0]}' without '=value'");
            }

            var key = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim();
            if (!seen.Add(key))
            {
                Fail($"option '{key}' given twice");
            }

            result = Apply(result, key, value);
        }

        try
        {
            result.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"Invalid RESP configuration: {ex.Message}", ex);
        }

        return result;
    }

    private static RespConfiguration Apply(RespConfiguration config, string key, string value) => key.ToUpperInvariant() switch
    {
        "PASSWORD" => config with { Password = value },
        "USER" => config with { User = NonEmpty(key, value) },
        "SSL" => config with { Ssl = bool.TryParse(value, out var ssl) ? ssl : Fail<bool>($"option 'ssl' must be true or false, not '{value}'") },
        "SSLHOST" => config with { SslHost = NonEmpty(key, value) },
        "DB" => config with { Database = Number(key, value, 0, int.MaxValue) },
        "CONNECTTIMEOUT" => config with { ConnectTimeout = Milliseconds(key, value) },
        "COMMANDTIMEOUT" => config with { CommandTimeout = Milliseconds(key, value) },
        "RECONNECTMINDELAY" => config with { ReconnectMinDelay = Milliseconds(key, value) },
        "RECONNECTMAXDELAY" => config with { ReconnectMaxDelay = Milliseconds(key, value) },
        "NAME" => config with { ClientName = NonEmpty(key, value) },
        "PROTOCOL" => config with { Protocol = Number(key, value, 2, 3) },
        _ => Fail<RespConfiguration>($"unknown option '{key}'"),
    };

    private static (string Host, int Port) ParseEndPoint(string endPoint)
    {
        if (endPoint.Length == 0)
        {
            Fail("the host is missing (expected host:port first)");
        }

        if (endPoint.Contains('=', StringComparison.Ordinal))
        {
            Fail("the first entry must be host:port, not an option");
        }

        string host;
        string? port = null;
        if (endPoint[0] == '[')
        {
            var close = endPoint.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close + 1 < endPoint.Length && endPoint[close + 1] != ':'))
            {
                Fail($"bad IPv6 endpoint '{endPoint}' (expected [address]:port)");
            }

            host = endPoint[1..close];
            port = close + 1 < endPoint.Length ? endPoint[(close + 2)..] : null;
        }
        else
        {
            var colon = endPoint.LastIndexOf(':');
            if (colon >= 0 && endPoint.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                Fail($"bad endpoint '{endPoint}' (write IPv6 addresses as [address]:port)");
            }

            host = colon < 0 ? endPoint : endPoint[..colon];
            port = colon < 0 ? null : endPoint[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            Fail($"the host is missing in '{endPoint}'");
        }

        return (host, port is null ? DefaultPort : Number("port", port, 1, 65535));
    }

    private static int Number(string key, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : Fail<int>($"option '{key}' must be a whole number from {min} to {max}, not '{value}'");

    private static TimeSpan Milliseconds(string key, string value) =>
        TimeSpan.FromMilliseconds(Number(key, value, 1, int.MaxValue));

    private static string NonEmpty(string key, string value) =>
        value.Length > 0 ? value : Fail<string>($"option '{key}' needs a value");

    [DoesNotReturn]
    private static void Fail(string problem) => throw new FormatException($"Invalid RESP configuration: {problem}.");

    [DoesNotReturn]
    private static T Fail<T>(string problem) => throw new FormatException($"Invalid RESP configuration: {problem}.");
}
