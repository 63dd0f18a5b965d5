using System.Globalization;
using System.Net.Security;
using System.Text;
using ChatHub.Resp.Protocol;

namespace ChatHub.Resp;

/// <summary>
/// Where and how to connect. Build it with an object initializer or <see cref="Parse"/> from
/// <c>host:port[,password=...][,user=...][,ssl=true][,sslHost=...][,db=N][,connectTimeout=ms][,commandTimeout=ms][,name=...][,protocol=3]</c>.
/// <see cref="ToString()"/> never shows the password.
/// </summary>
public sealed partial record RespConfiguration
{
    public const int DefaultPort = 6379;

    public string Host { get; init; } = "localhost";

    public int Port { get; init; } = DefaultPort;

    /// <summary>AUTH password (or HELLO's), sent on every (re)connect. A secret: never logged or shown.</summary>
    public string? Password { get; init; }

    /// <summary>ACL user name for AUTH (Redis 6+); null means the default user.</summary>
    public string? User { get; init; }

    public bool Ssl { get; init; }

    /// <summary>The TLS server name (SNI and certificate check); defaults to <see cref="Host"/>.</summary>
    public string? SslHost { get; init; }

    /// <summary>Validates the server's certificate instead of the system's default rules (e.g. a private CA).</summary>
    public RemoteCertificateValidationCallback? CertificateValidation { get; init; }

    /// <summary>The database SELECTed on every (re)connect.</summary>
    public int Database { get; init; }

    /// <summary>Set with CLIENT SETNAME on every (re)connect, if not null.</summary>
    public string? ClientName { get; init; }

    /// <summary>2 (RESP2, the default) or 3 (sends HELLO 3 on connect).</summary>
    public int Protocol { get; init; } = 2;

    /// <summary>Limit for opening the transport plus the handshake (HELLO/AUTH/SELECT/CLIENT SETNAME).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a caller waits for a reply before <see cref="RespTimeoutException"/>.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First delay before reconnecting; doubles each failed attempt up to <see cref="ReconnectMaxDelay"/>, with jitter.</summary>
    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Caps on incoming frames.</summary>
    public RespReaderOptions ReaderOptions { get; init; } = RespReaderOptions.Default;

    /// <summary>The clock for command timeouts and reconnect delays.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary><c>host:port</c> (IPv6 hosts in brackets).</summary>
    public string EndPoint => (Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)
        + ":" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Opens the transport instead of TCP/TLS; for tests (an in-memory duplex stream).</summary>
    internal Func<CancellationToken, ValueTask<Stream>>? StreamFactory { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Host, nameof(Host));
        ArgumentOutOfRangeException.ThrowIfLessThan(Port, 1, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfNegative(Database, nameof(Database));
        if (Protocol is not (2 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(Protocol), Protocol, "The protocol is 2 or 3.");
        }

        if (User is not null && Password is null)
        {
            throw new ArgumentException("A user needs a password.", nameof(User));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero, nameof(ConnectTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CommandTimeout, TimeSpan.Zero, nameof(CommandTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReconnectMinDelay, TimeSpan.Zero, nameof(ReconnectMinDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReconnectMaxDelay, ReconnectMinDelay, nameof(ReconnectMaxDelay));
        ArgumentNullException.ThrowIfNull(ReaderOptions, nameof(ReaderOptions));
        ReaderOptions.Validate();
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }

    /// <summary>The configuration string, with the password replaced by <c>*****</c>.</summary>
    public override string ToString() => ToString(includeSecrets: false);

    /// <summary>The configuration string in the form <see cref="Parse"/> reads; the password only if asked for.</summary>
    public string ToString(bool includeSecrets)
    {
        var text = new StringBuilder(EndPoint);
        Append(text, "user", User);
        Append(text, "password", Password is null ? null : includeSecrets ? Password : "*****");
        Append(text, "ssl", Ssl ? "true" : null);
        Append(text, "sslHost", SslHost);
        Append(text, "db", Database == 0 ? null : Invariant(Database));
        Append(text, "name", ClientName);
        Append(text, "protocol", Protocol == 2 ? null : Invariant(Protocol));
        Append(text, "connectTimeout", Invariant((long)ConnectTimeout.TotalMilliseconds));
        Append(text, "commandTimeout", Invariant((long)CommandTimeout.TotalMilliseconds));
        return text.ToString();

        static void Append(StringBuilder text, string key, string? value)
        {
            if (value is not null)
            {
                text.Append(',').Append(key).Append('=').Append(value);
            }
        }

        static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
