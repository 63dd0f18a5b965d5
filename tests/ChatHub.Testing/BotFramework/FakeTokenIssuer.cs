using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatHub.Testing.BotFramework;

/// <summary>
/// A loopback token issuer (real HTTP on 127.0.0.1, port 0) standing in for login.botframework.com and Entra ID:
/// <list type="bullet">
/// <item>Bot Connector OpenID metadata at <see cref="BotConnectorMetadataUrl"/> → JWKS with kids and <c>endorsements</c>;</item>
/// <item>Entra v2.0 metadata at <see cref="EntraMetadataUrl"/> → its own JWKS;</item>
/// <item>a client-credentials token endpoint at <see cref="TokenEndpoint"/> minting connector access tokens;</item>
/// <item>minting of inbound tokens with any claims (<see cref="CreateToken"/>), unsigned ones (<c>alg: none</c>, built by
/// hand), tampered ones (a payload byte flipped), and key rollover (<see cref="RollBotConnectorKey"/>).</item>
/// </list>
/// Keys are RSA 2048, generated per instance.
/// </summary>
public sealed partial class FakeTokenIssuer : IAsyncDisposable
{
    public const string AppId = "3f2b8c1e-5d4a-4e6f-9a7b-0c1d2e3f4a5b";
    public const string AppPassword = "fake~client~secret~0123456789";
    public const string TenantId = "0e1f2a3b-4c5d-4e6f-8a9b-c0d1e2f3a4b5";
    public const string BotConnectorIssuer = "https://api.botframework.com";
    public const string ConnectorAudience = "https://api.botframework.com";
    public static readonly string[] DefaultEndorsements = ["msteams", "webchat", "directline", "emulator"];

    private readonly Lock _gate = new();
    private readonly List<SigningKey> _botConnectorKeys = [];
    private readonly List<SigningKey> _entraKeys = [];
    private readonly SigningKey _accessTokenKey = SigningKey.Create("access-1", []);
    private readonly Queue<(int Status, string Body)> _tokenFaults = new();
    private readonly JsonWebTokenHandler _handler = new();
    private readonly WebApplication _app;
    private int _metadataFetches;
    private int _tokenRequests;

    private FakeTokenIssuer(WebApplication app)
    {
        _app = app;
        _botConnectorKeys.Add(SigningKey.Create("bf-key-1", DefaultEndorsements));
        _entraKeys.Add(SigningKey.Create("entra-key-1", []));
    }

    public Uri BaseAddress { get; private set; } = null!;

    public Uri BotConnectorMetadataUrl => new(BaseAddress, "v1/.well-known/openidconfiguration");

    public Uri EntraMetadataUrl => new(BaseAddress, "common/v2.0/.well-known/openid-configuration");

    public Uri TokenEndpoint => new(BaseAddress, $"{TenantId}/oauth2/v2.0/token");

    /// <summary>How many times the Bot Connector metadata document was fetched.</summary>
    public int MetadataFetches => Volatile.Read(ref _metadataFetches);

    /// <summary>How many client-credentials requests succeeded.</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>The kid new Bot Connector tokens are signed with.</summary>
    public string CurrentKeyId
    {
        get
        {
            lock (_gate)
            {
                return _botConnectorKeys[^1].KeyId;
            }
        }
    }

    /// <summary>The adapter's settings pointing at this issuer (and nothing else).</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Channels:Teams:AppId"] = AppId,
        ["Channels:Teams:AppPassword"] = AppPassword,
        ["Channels:Teams:TenantId"] = TenantId,
        ["Channels:Teams:OpenIdMetadataUrl"] = BotConnectorMetadataUrl.ToString(),
        ["Channels:Teams:EntraOpenIdMetadataUrl"] = EntraMetadataUrl.ToString(),
        ["Channels:Teams:TokenEndpoint"] = TokenEndpoint.ToString(),
        ["Channels:Teams:AllowInsecureHttp"] = "true",
        ["Channels:Teams:MinKeyRefreshInterval"] = "00:00:00",
        ["Channels:Teams:RetryBaseDelay"] = "00:00:00.010",
        ["Channels:Teams:RetryMaxDelay"] = "00:00:02",
        ["Channels:Teams:RequestTimeout"] = "00:00:05",
    };

    public static async Task<FakeTokenIssuer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeTokenIssuer(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return fake;
    }

    /// <summary>A Bot Connector token as the channel sends it: iss api.botframework.com, aud the AppId, serviceurl bound.</summary>
    public string BotConnectorToken(string serviceUrl, string? audience = AppId, string issuer = BotConnectorIssuer,
        DateTimeOffset? expires = null, DateTimeOffset? notBefore = null, string? keyId = null) =>
        CreateToken(issuer, audience, new Dictionary<string, object> { ["serviceurl"] = serviceUrl }, expires, notBefore, keyId);

    /// <summary>An Entra v2 token for the bot (aud api://AppId, azp the caller).</summary>
    public string EntraToken(string caller, string? tenant = TenantId, string? audience = null, string? serviceUrl = null, bool v1 = false)
    {
        var claims = new Dictionary<string, object> { [v1 ? "appid" : "azp"] = caller, ["tid"] = tenant ?? "" };
        if (serviceUrl is not null)
        {
            claims["serviceurl"] = serviceUrl;
        }

        var issuer = v1 ? $"https://sts.windows.net/{tenant}/" : $"https://login.microsoftonline.com/{tenant}/v2.0";
        SigningKey key;
        lock (_gate)
        {
            key = _entraKeys[^1];
        }

        return Sign(key, issuer, audience ?? $"api://{AppId}", claims, null, null);
    }

    /// <summary>A token signed by the Entra key with this issuer and any claims (aud api://AppId).</summary>
    public string CreateEntraToken(string issuer, IDictionary<string, object> claims)
    {
        SigningKey key;
        lock (_gate)
        {
            key = _entraKeys[^1];
        }

        return Sign(key, issuer, $"api://{AppId}", claims, null, null);
    }

    /// <summary>A token signed by a Bot Connector key (the current one, or the one named), with any claims.</summary>
    public string CreateToken(string issuer, string? audience, IDictionary<string, object> claims,
        DateTimeOffset? expires = null, DateTimeOffset? notBefore = null, string? keyId = null)
    {
        SigningKey key;
        lock (_gate)
        {
            key = keyId is null ? _botConnectorKeys[^1] : _botConnectorKeys.Single(k => k.KeyId == keyId);
        }

        return Sign(key, issuer, audience, claims, expires, notBefore);
    }

    /// <summary>Signed by a key that is published nowhere (with its own kid).</summary>
    public string TokenSignedByUnpublishedKey(string serviceUrl)
    {
        var stranger = SigningKey.Create("never-published", DefaultEndorsements);
        return Sign(stranger, BotConnectorIssuer, AppId, new Dictionary<string, object> { ["serviceurl"] = serviceUrl }, null, null);
    }

    /// <summary><c>alg: none</c>, built by hand (no library would): a valid-looking header naming a published kid, and no signature.</summary>
    public string UnsignedToken(string serviceUrl)
    {
        var now = DateTimeOffset.UtcNow;
        var header = new JsonObject { ["alg"] = "none", ["typ"] = "JWT", ["kid"] = CurrentKeyId };
        var payload = new JsonObject
        {
            ["iss"] = BotConnectorIssuer,
            ["aud"] = AppId,
            ["serviceurl"] = serviceUrl,
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        };
        return $"{Base64UrlEncoder.Encode(header.ToJsonString())}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.";
    }

    /// <summary>
    /// A token with any issuer and kid, built by hand (an attacker's: the strings may hold newlines) and signed with a
    /// key nobody publishes, so it never validates; for what the hub does before the signature is checked.
    /// </summary>
    public static string ForgedToken(string issuer, string keyId, string serviceUrl)
    {
        var now = DateTimeOffset.UtcNow;
        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = keyId };
        var payload = new JsonObject
        {
            ["iss"] = issuer,
            ["aud"] = AppId,
            ["serviceurl"] = serviceUrl,
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        };
        return $"{Base64UrlEncoder.Encode(header.ToJsonString())}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{Base64UrlEncoder.Encode(new byte[256])}";
    }

    /// <summary>A Bot Connector token correctly signed by the current key, but whose header names no kid.</summary>
    public string TokenWithoutKid(string serviceUrl)
    {
        SigningKey key;
        lock (_gate)
        {
            key = _botConnectorKeys[^1];
        }

        var anonymous = new RsaSecurityKey(key.Key.Rsa); // same RSA key, no KeyId: the header gets no kid
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = BotConnectorIssuer,
            Audience = AppId,
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl },
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(anonymous, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>A Bot Connector token correctly signed by the current key, without an exp claim.</summary>
    public string TokenWithoutExpiry(string serviceUrl)
    {
        SigningKey key;
        lock (_gate)
        {
            key = _botConnectorKeys[^1];
        }

        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = BotConnectorIssuer,
            Audience = AppId,
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl },
            NotBefore = DateTime.UtcNow.AddMinutes(-5),
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>The current Bot Connector key's public part (SubjectPublicKeyInfo, DER): what an attacker can download.</summary>
    public byte[] PublicKeyBytes()
    {
        lock (_gate)
        {
            return _botConnectorKeys[^1].Key.Rsa.ExportSubjectPublicKeyInfo();
        }
    }

    /// <summary>While set, the Bot Connector metadata document answers 500 (still counted in <see cref="MetadataFetches"/>).</summary>
    public bool FailMetadata { get; set; }

    /// <summary>A valid token with one byte of its payload changed (the signature no longer matches).</summary>
    public static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = Base64UrlEncoder.DecodeBytes(parts[1]);
        var json = Encoding.UTF8.GetString(payload);
        // Change the last digit of iat: still well-formed JSON, still a plausible token, only the signature breaks.
        var iat = json.IndexOf("\"iat\":", StringComparison.Ordinal) + 6;
        var at = iat;
        while (char.IsAsciiDigit(json[at + 1]))
        {
            at++;
        }

        payload[at] = (byte)(payload[at] == (byte)'9' ? '0' : payload[at] + 1);
        parts[1] = Base64UrlEncoder.Encode(payload);
        return string.Join('.', parts);
    }

    /// <summary>Publishes a new Bot Connector key (new kid) and signs with it from now on; the old one stays published unless retired.</summary>
    public string RollBotConnectorKey(bool retireOld = false, string[]? endorsements = null)
    {
        lock (_gate)
        {
            var key = SigningKey.Create($"bf-key-{_botConnectorKeys.Count + 1}-{Guid.NewGuid():N}"[..20], endorsements ?? DefaultEndorsements);
            if (retireOld)
            {
                _botConnectorKeys.Clear();
            }

            _botConnectorKeys.Add(key);
            return key.KeyId;
        }
    }

    /// <summary>Answers the next client-credentials request with an error (e.g. 401 invalid_client).</summary>
    public void FailNextTokenRequest(int status, string error)
    {
        lock (_gate)
        {
            _tokenFaults.Enqueue((status, new JsonObject { ["error"] = error, ["error_description"] = $"AADSTS7000215: {error}." }.ToJsonString()));
        }
    }

    /// <summary>True if <paramref name="authorization"/> is "Bearer" + an access token this issuer minted for the connector and it is still valid.</summary>
    public async Task<bool> IsValidConnectorTokenAsync(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        var result = await _handler.ValidateTokenAsync(authorization["Bearer ".Length..], new TokenValidationParameters
        {
            ValidIssuer = $"https://login.microsoftonline.com/{TenantId}/v2.0",
            ValidAudience = ConnectorAudience,
            IssuerSigningKey = _accessTokenKey.Key,
            RequireSignedTokens = true,
        });
        return result.IsValid && result.Claims.TryGetValue("azp", out var azp) && (string)azp == AppId;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private string Sign(SigningKey key, string issuer, string? audience, IDictionary<string, object> claims, DateTimeOffset? expires, DateTimeOffset? notBefore)
    {
        var now = DateTimeOffset.UtcNow;
        var exp = expires ?? now.AddHours(1);
        var nbf = notBefore ?? (exp < now ? exp.AddHours(-1) : now.AddMinutes(-5));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = new Dictionary<string, object>(claims),
            NotBefore = nbf.UtcDateTime,
            IssuedAt = nbf.UtcDateTime,
            Expires = exp.UtcDateTime,
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.RsaSha256),
        };
        return _handler.CreateToken(descriptor);
    }
}
