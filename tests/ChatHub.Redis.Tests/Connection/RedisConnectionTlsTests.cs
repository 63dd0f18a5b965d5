using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ChatHub.Redis.Connection;
using ChatHub.Redis.Conversation;
using StackExchange.Redis;
using ChatHub.Testing.Processes;

namespace ChatHub.Redis.Tests.Connection;

/// <summary>
/// <c>ConnectionStrings:Redis</c> with TLS and an ACL user, against a redis-server with TLS only and the default user off
/// (Debian's build has TLS): the stores work through it, and neither the endpoint text nor the options' text shows the
/// password.
/// </summary>
public sealed class RedisConnectionTlsTests
{
    private const string Password = "tls-user-secret";

    [Fact]
    public async Task ConnectionString_TlsAndUser_StoresWork_PasswordNeverShown()
    {
        using var tls = TlsFiles.Create();
        await using var server = await RespServerProcess.StartAsync(
            "redis",
            extraArguments: port =>
            [
                "--port", "0", "--tls-port", $"{port}", "--tls-cert-file", tls.CertificatePath, "--tls-key-file", tls.KeyPath,
                "--tls-ca-cert-file", tls.CertificatePath, "--tls-auth-clients", "no",
                "--user", "app", "on", $">{Password}", "~*", "&*", "+@all", "--user", "default", "off",
            ],
            connectionOptions: $",ssl=true,sslHost=localhost,user=app,password={Password}",
            configureClient: options => options.CertificateValidation += (_, certificate, _, _) => certificate?.GetCertHashString() == tls.Thumbprint);

        var options = RedisConnectionString.Parse(server.ConnectionString);
        options.CertificateValidation += (_, certificate, _, _) => certificate?.GetCertHashString() == tls.Thumbprint;
        await using var redis = new RedisConnection(options);
        await redis.StartAsync(default).DefaultTimeout();

        Assert.True(options.Ssl);
        Assert.Equal("app", options.User);
        Assert.True(redis.IsConnected);
        var counters = new RedisCounterStore(redis, new RedisKeyspace("tls:"));
        Assert.Equal(1, await counters.IncrementAsync("c", TimeSpan.FromMinutes(1), default).DefaultTimeout());
        Assert.DoesNotContain(Password, redis.EndPoint, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, options.ToString(includePassword: false), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionString_WrongPassword_NotConnected_StoreCallsFailFastAsTransient()
    {
        await using var server = await RespServerProcess.StartAsync("redis", password: "right-password");
        var options = RedisConnectionString.Parse($"127.0.0.1:{server.Port},password=wrong-password,connectTimeout=1000");
        await using var redis = new RedisConnection(options);
        await redis.StartAsync(default).DefaultTimeout();

        Assert.False(redis.IsConnected);
        var failure = await Assert.ThrowsAsync<RedisConnectionException>(
            async () => await new RedisCounterStore(redis, new RedisKeyspace("auth:")).GetAsync("c", default)).DefaultTimeout();
        Assert.True(new RedisTransientFailureRule().IsTransient(failure));
        Assert.DoesNotContain("wrong-password", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>A throwaway self-signed certificate for localhost, as PEM files.</summary>
    private sealed class TlsFiles : IDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("chathub-tls-").FullName;

        public string CertificatePath => Path.Combine(_directory, "cert.pem");

        public string KeyPath => Path.Combine(_directory, "key.pem");

        public string Thumbprint { get; private set; } = "";

        public static TlsFiles Create()
        {
            var files = new TlsFiles();
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            File.WriteAllText(files.CertificatePath, certificate.ExportCertificatePem());
            File.WriteAllText(files.KeyPath, key.ExportPkcs8PrivateKeyPem());
            files.Thumbprint = certificate.GetCertHashString();
            return files;
        }

        public void Dispose() => Directory.Delete(_directory, recursive: true);
    }
}
