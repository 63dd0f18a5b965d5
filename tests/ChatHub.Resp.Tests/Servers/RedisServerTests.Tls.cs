using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ChatHub.Resp.Tests.TestHelpers;

namespace ChatHub.Resp.Tests.Servers;

/// <summary>TLS, against redis-server only (Debian's build has TLS; Garnet's needs a PFX setup not worth it here).</summary>
public sealed partial class RedisServerTests
{
    [Fact]
    public async Task ConnectAsync_Tls_PingsOverTlsWithTheServerCertificateChecked()
    {
        using var tls = TlsFiles.Create();
        await using var server = await StartTlsServerAsync(tls);

        await using var client = await RespClient.ConnectAsync(server.Configuration).DefaultTimeout();

        Assert.Equal("PONG", await client.PingAsync().DefaultTimeout());
        Assert.True(client.Configuration.Ssl);
    }

    [Fact]
    public async Task ConnectAsync_TlsWithUntrustedCertificate_ThrowsRespConnectionException()
    {
        using var tls = TlsFiles.Create();
        await using var server = await StartTlsServerAsync(tls);

        var exception = await Assert.ThrowsAsync<RespConnectionException>(
            () => RespClient.ConnectAsync(server.Configuration with { CertificateValidation = null })).DefaultTimeout();

        Assert.IsType<System.Security.Authentication.AuthenticationException>(exception.InnerException);
    }

    private static Task<RespServerProcess> StartTlsServerAsync(TlsFiles tls) => RespServerProcess.StartAsync(
        "redis",
        configure: config => config with
        {
            Ssl = true,
            SslHost = "localhost",
            CertificateValidation = (_, certificate, _, _) => certificate?.GetCertHashString() == tls.Thumbprint,
        },
        extraArguments: port =>
        [
            "--port", "0", "--tls-port", $"{port}", "--tls-cert-file", tls.CertificatePath, "--tls-key-file", tls.KeyPath,
            "--tls-ca-cert-file", tls.CertificatePath, "--tls-auth-clients", "no",
        ]);

    /// <summary>A throwaway self-signed certificate for localhost, as PEM files.</summary>
    private sealed class TlsFiles : IDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("chathub-tls-").FullName;

        private TlsFiles()
        {
        }

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
