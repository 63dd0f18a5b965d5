using System.Text.Json;
using ChatHub.Adapters.BotFramework.Api;
using ChatHub.Adapters.BotFramework.Authentication;
using ChatHub.Conversation.Pipeline;
using ChatHub.Testing.BotFramework;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatHub.Adapters.Tests.BotFramework;

/// <summary>Inbound token validation against the loopback issuer (real HTTP metadata, real RSA signatures).</summary>
public sealed class BotFrameworkTokenValidatorTests : IAsyncLifetime
{
    private const string ServiceUrl = "https://smba.trafficmanager.net/emea/";
    private FakeTokenIssuer _issuer = null!;
    private ServiceProvider _services = null!;

    private BotFrameworkTokenValidator Validator => _services.GetRequiredService<BotFrameworkTokenValidator>();

    public async Task InitializeAsync()
    {
        _issuer = await FakeTokenIssuer.StartAsync();
        _services = BotFrameworkServices.Build(_issuer, HubRole.Ingress);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    private Task<AuthenticationResult> ValidateAsync(string? token, BotFrameworkTokenValidator? validator = null) =>
        (validator ?? Validator).ValidateAsync(token is null ? null : "Bearer " + token, CancellationToken.None).DefaultTimeout();

    private async Task<AuthenticationResult> ValidateWithActivityAsync(string token, string? serviceUrl = ServiceUrl, string? channelId = "msteams")
    {
        var result = await ValidateAsync(token);
        return result.Succeeded ? BotFrameworkTokenValidator.CheckActivity(result.Caller!, serviceUrl, channelId) : result;
    }

    [Fact]
    public async Task Validate_BotConnectorToken_SucceedsWithServiceUrlAndEndorsements()
    {
        var result = await ValidateWithActivityAsync(_issuer.BotConnectorToken(ServiceUrl));

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(TokenSource.BotConnector, result.Caller!.Source);
        Assert.Equal(ServiceUrl, result.Caller.ServiceUrl);
        Assert.Contains("msteams", result.Caller.Endorsements);
    }

    [Fact]
    public async Task Validate_ServiceUrlDiffersOnlyInTrailingSlashOrCase_Succeeds()
    {
        var result = await ValidateWithActivityAsync(_issuer.BotConnectorToken("https://SMBA.trafficmanager.net/emea"));

        Assert.True(result.Succeeded, result.Reason);
    }

    public static TheoryData<string, string> Rejections() => new()
    {
        { "expired", "expired" },
        { "not-yet-valid", "expired or not yet valid" },
        { "wrong-audience", "audience" },
        { "no-audience", "audience" },
        { "wrong-issuer", "untrusted issuer" },
        { "unsigned", "not signed" },
        { "tampered", "signature" },
        { "unknown-key", "unknown key" },
        { "garbage", "malformed" },
        { "hs256", "" },
        { "hs256-public-key", "" },
        { "no-kid", "names no signing key (kid)" },
        { "no-exp", "expired or not yet valid" },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task Validate_BadToken_401WithReason(string kind, string reason)
    {
        var now = DateTimeOffset.UtcNow;
        var token = kind switch
        {
            "expired" => _issuer.BotConnectorToken(ServiceUrl, expires: now.AddMinutes(-6)),
            "not-yet-valid" => _issuer.BotConnectorToken(ServiceUrl, notBefore: now.AddMinutes(10), expires: now.AddHours(1)),
            "wrong-audience" => _issuer.BotConnectorToken(ServiceUrl, audience: "another-bot-app-id"),
            "no-audience" => _issuer.BotConnectorToken(ServiceUrl, audience: null),
            "wrong-issuer" => _issuer.BotConnectorToken(ServiceUrl, issuer: "https://api.botframework.com.evil.example"),
            "unsigned" => _issuer.UnsignedToken(ServiceUrl),
            "tampered" => FakeTokenIssuer.Tamper(_issuer.BotConnectorToken(ServiceUrl)),
            "unknown-key" => _issuer.TokenSignedByUnpublishedKey(ServiceUrl),
            "garbage" => "not.a.jwt",
            "hs256-public-key" => HmacToken(_issuer.PublicKeyBytes()),
            "no-kid" => _issuer.TokenWithoutKid(ServiceUrl),
            "no-exp" => _issuer.TokenWithoutExpiry(ServiceUrl),
            _ => HmacToken(new byte[32]),
        };

        var result = await ValidateAsync(token);

        Assert.False(result.Succeeded);
        Assert.Equal(401, result.StatusCode);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer ")]
    public async Task Validate_NoBearerToken_401(string? header)
    {
        var result = await Validator.ValidateAsync(header, CancellationToken.None).DefaultTimeout();

        Assert.Equal(401, result.StatusCode);
    }

    [Fact]
    public async Task Validate_ExpiredWithinClockSkew_Succeeds()
    {
        var result = await ValidateAsync(_issuer.BotConnectorToken(ServiceUrl, expires: DateTimeOffset.UtcNow.AddMinutes(-4)));

        Assert.True(result.Succeeded, result.Reason);
    }

    [Fact]
    public async Task CheckActivity_ServiceUrlClaimDiffers_401()
    {
        var result = await ValidateWithActivityAsync(_issuer.BotConnectorToken(ServiceUrl), serviceUrl: "https://attacker.example/");

        Assert.Equal(401, result.StatusCode);
        Assert.Contains("serviceurl", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckActivity_NoServiceUrlClaim_401()
    {
        var token = _issuer.CreateToken(FakeTokenIssuer.BotConnectorIssuer, FakeTokenIssuer.AppId, new Dictionary<string, object>());

        var result = await ValidateWithActivityAsync(token);

        Assert.Equal(401, result.StatusCode);
    }

    [Fact]
    public async Task CheckActivity_KeyNotEndorsedForChannel_403()
    {
        _issuer.RollBotConnectorKey(endorsements: ["webchat"]);

        var teams = await ValidateWithActivityAsync(_issuer.BotConnectorToken(ServiceUrl), channelId: "msteams");
        var webchat = await ValidateWithActivityAsync(_issuer.BotConnectorToken(ServiceUrl), channelId: "webchat");

        Assert.Equal(403, teams.StatusCode);
        Assert.Contains("endorsed", teams.Reason, StringComparison.Ordinal);
        Assert.True(webchat.Succeeded, webchat.Reason);
    }

    private async Task<AuthenticationResult> CheckAsync(string token, Action<Activity> change, string payload = "personal_message")
    {
        var activity = TeamsPayloads.Load(payload);
        change(activity);
        var result = await ValidateAsync(token);
        return result.Succeeded ? Validator.CheckActivity(result.Caller!, activity) : result;
    }

    [Fact]
    public async Task CheckActivity_EntraTokenAndAServiceUrlOffTheList_403()
    {
        var result = await CheckAsync(_issuer.EntraToken(FakeTokenIssuer.AppId), a => a.ServiceUrl = "https://attacker.example/collect/");

        Assert.Equal(403, result.StatusCode);
        Assert.Contains("not vouched for", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckActivity_EntraTokenAndATeamsServiceUrl_Succeeds()
    {
        var result = await CheckAsync(_issuer.EntraToken(FakeTokenIssuer.AppId), a => a.ServiceUrl = "https://smba.trafficmanager.net/amer/");

        Assert.True(result.Succeeded, result.Reason);
    }

    [Fact]
    public async Task CheckActivity_BotConnectorVouchesForAServiceUrlOffTheList_Succeeds()
    {
        // The claim is the Bot Connector's word; egress still refuses to send the token there (ServiceUrlPolicy).
        const string elsewhere = "https://connector.sovereign.example/";

        var result = await CheckAsync(_issuer.BotConnectorToken(elsewhere), a => a.ServiceUrl = elsewhere);

        Assert.True(result.Succeeded, result.Reason);
    }

    [Theory]
    [InlineData("conversation")]
    [InlineData("channelData")]
    public async Task CheckActivity_AnotherTenant_403(string where)
    {
        const string other = "99999999-9999-4999-8999-999999999999";
        var result = await CheckAsync(_issuer.BotConnectorToken(ServiceUrl), a =>
        {
            if (where == "conversation")
            {
                a.Conversation!.TenantId = other;
            }
            else
            {
                a.ChannelData = JsonDocument.Parse($$$"""{"tenant":{"id":"{{{other}}}"}}""").RootElement;
            }
        });

        Assert.Equal(403, result.StatusCode);
        Assert.Contains("another tenant", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckActivity_TeamsActivityNamingNoTenant_403()
    {
        var result = await CheckAsync(_issuer.BotConnectorToken(ServiceUrl), a =>
        {
            a.Conversation!.TenantId = null;
            a.ChannelData = null;
        });

        Assert.Equal(403, result.StatusCode);
    }

    [Fact]
    public async Task CheckActivity_WebChatActivityWithoutTenant_Succeeds()
    {
        const string webChat = "https://webchat.botframework.com/";

        var result = await CheckAsync(_issuer.BotConnectorToken(webChat), _ => { }, "webchat_message");

        Assert.True(result.Succeeded, result.Reason);
    }

    [Fact]
    public async Task Validate_KeyRollover_NewKidFetchedAndAccepted()
    {
        Assert.True((await ValidateAsync(_issuer.BotConnectorToken(ServiceUrl))).Succeeded);
        var fetches = _issuer.MetadataFetches;

        _issuer.RollBotConnectorKey(retireOld: true);
        var rolled = await ValidateAsync(_issuer.BotConnectorToken(ServiceUrl));
        var again = await ValidateAsync(_issuer.BotConnectorToken(ServiceUrl));

        Assert.True(rolled.Succeeded, rolled.Reason);
        Assert.True(again.Succeeded, again.Reason);
        Assert.Equal(fetches + 1, _issuer.MetadataFetches);
    }

    [Fact]
    public async Task Validate_UnknownKidsWithinMinRefreshInterval_FetchedOnlyOnce()
    {
        await using var services = BotFrameworkServices.Build(_issuer, HubRole.Ingress,
            settings: new Dictionary<string, string?> { ["Channels:Teams:MinKeyRefreshInterval"] = "00:10:00" });
        var validator = services.GetRequiredService<BotFrameworkTokenValidator>();
        Assert.True((await ValidateAsync(_issuer.BotConnectorToken(ServiceUrl), validator)).Succeeded);
        var fetches = _issuer.MetadataFetches;

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(401, (await ValidateAsync(_issuer.TokenSignedByUnpublishedKey(ServiceUrl), validator)).StatusCode);
        }

        Assert.Equal(fetches, _issuer.MetadataFetches);
    }

    [Theory]
    [InlineData(false, null)]
    [InlineData(true, null)]
    [InlineData(false, "3f2b8c1e-5d4a-4e6f-9a7b-0c1d2e3f4a5b")]
    public async Task Validate_EntraTokenOfTheBotItself_Succeeds(bool v1, string? audience)
    {
        var result = await ValidateAsync(_issuer.EntraToken(FakeTokenIssuer.AppId, v1: v1, audience: audience));

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(TokenSource.Entra, result.Caller!.Source);
        Assert.Equal(FakeTokenIssuer.AppId, result.Caller.CallerAppId);
        Assert.True(BotFrameworkTokenValidator.CheckActivity(result.Caller, ServiceUrl, "msteams").Succeeded);
    }

    [Fact]
    public async Task Validate_EntraTokenOfAnotherTenant_401()
    {
        var result = await ValidateAsync(_issuer.EntraToken(FakeTokenIssuer.AppId, tenant: "99999999-9999-4999-8999-999999999999"));

        Assert.Equal(401, result.StatusCode);
        Assert.Contains("untrusted issuer", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_EntraTokenForAnotherAudience_401()
    {
        var result = await ValidateAsync(_issuer.EntraToken(FakeTokenIssuer.AppId, audience: "api://someone-else"));

        Assert.Equal(401, result.StatusCode);
    }

    [Fact]
    public async Task Validate_EntraTokenWithServiceUrlClaim_BoundToActivity()
    {
        var result = await ValidateAsync(_issuer.EntraToken(FakeTokenIssuer.AppId, serviceUrl: ServiceUrl));

        Assert.Equal(401, BotFrameworkTokenValidator.CheckActivity(result.Caller!, "https://elsewhere.example/", "msteams").StatusCode);
    }

    [Fact]
    public async Task Validate_EntraCallerNotInAllowedCallers_401()
    {
        await using var services = BotFrameworkServices.Build(_issuer, HubRole.Ingress,
            settings: new Dictionary<string, string?> { ["Channels:Teams:AllowedCallers:0"] = "trusted-app" });
        var validator = services.GetRequiredService<BotFrameworkTokenValidator>();

        var stranger = await ValidateAsync(_issuer.EntraToken("caller-app-1"), validator);
        var trusted = await ValidateAsync(_issuer.EntraToken("trusted-app"), validator);

        Assert.Equal(401, stranger.StatusCode);
        Assert.True(trusted.Succeeded, trusted.Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Validate_EntraTokenOfAnotherAppOfTheTenant_401(bool v1)
    {
        // Any app registered in the bot's tenant can get a token whose audience is the bot: that must not be enough.
        var result = await ValidateAsync(_issuer.EntraToken("another-app-of-the-tenant", v1: v1));

        Assert.Equal(401, result.StatusCode);
        Assert.Contains("neither this bot nor in AllowedCallers", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "appid")]
    [InlineData(true, "azp")]
    public async Task Validate_EntraCallerInTheOtherVersionsClaim_401(bool v1, string claim)
    {
        // v1 tokens name the caller in appid, v2 tokens in azp; the other claim is not read.
        var issuer = v1 ? $"https://sts.windows.net/{FakeTokenIssuer.TenantId}/" : $"https://login.microsoftonline.com/{FakeTokenIssuer.TenantId}/v2.0";
        var token = _issuer.CreateEntraToken(issuer, new Dictionary<string, object> { [claim] = FakeTokenIssuer.AppId });

        var result = await ValidateAsync(token);

        Assert.Equal(401, result.StatusCode);
        Assert.Contains(v1 ? "without appid" : "without azp", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_EntraTurnedOff_EntraToken401()
    {
        await using var services = BotFrameworkServices.Build(_issuer, HubRole.Ingress,
            settings: new Dictionary<string, string?> { ["Channels:Teams:EntraOpenIdMetadataUrl"] = "" });

        var result = await ValidateAsync(_issuer.EntraToken(FakeTokenIssuer.AppId), services.GetRequiredService<BotFrameworkTokenValidator>());

        Assert.Equal(401, result.StatusCode);
    }

    [Fact]
    public async Task Validate_MetadataUnreachable_503NotA401()
    {
        await using var services = BotFrameworkServices.Build(_issuer, HubRole.Ingress,
            settings: new Dictionary<string, string?> { ["Channels:Teams:OpenIdMetadataUrl"] = new Uri(_issuer.BaseAddress, "missing/openidconfiguration").ToString() });

        var result = await ValidateAsync(_issuer.BotConnectorToken(ServiceUrl), services.GetRequiredService<BotFrameworkTokenValidator>());

        Assert.Equal(503, result.StatusCode);
    }

    [Fact]
    public async Task Validate_InjectedClock_LifetimeJudgedByIt()
    {
        var time = new ManualTimeProvider();
        await using var services = BotFrameworkServices.Build(_issuer, HubRole.Ingress, time: time);
        var validator = services.GetRequiredService<BotFrameworkTokenValidator>();

        // The token is valid now (real clock), but the injected clock stands in 2026-01-01: long before nbf... or after exp.
        var token = _issuer.BotConnectorToken(ServiceUrl, notBefore: time.GetUtcNow().AddMinutes(-1), expires: time.GetUtcNow().AddMinutes(30));
        var valid = await ValidateAsync(token, validator);
        time.Advance(TimeSpan.FromMinutes(36));
        var expired = await ValidateAsync(token, validator);

        Assert.True(valid.Succeeded, valid.Reason);
        Assert.Equal(401, expired.StatusCode);
        Assert.Contains("expired", expired.Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// The classic algorithm confusion: HS256 "signed" with a guessable secret (zeros, or the issuer's public RSA key,
    /// which anyone can download) instead of the issuer's private key, naming the published kid.
    /// </summary>
    private string HmacToken(byte[] secret)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = FakeTokenIssuer.BotConnectorIssuer,
            Audience = FakeTokenIssuer.AppId,
            Claims = new Dictionary<string, object> { ["serviceurl"] = ServiceUrl },
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(secret) { KeyId = _issuer.CurrentKeyId }, SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    [Fact]
    public void EndorsementsOf_JwkWithEndorsements_ReadFromAdditionalData()
    {
        var configuration = new Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration
        {
            JsonWebKeySet = new JsonWebKeySet("""{"keys":[{"kty":"RSA","kid":"k1","n":"sXch","e":"AQAB","endorsements":["msteams","skype"]},{"kty":"RSA","kid":"k2","n":"sXch","e":"AQAB"}]}"""),
        };

        Assert.Equal(["msteams", "skype"], BotFrameworkTokenValidator.EndorsementsOf(configuration, "k1"));
        Assert.Empty(BotFrameworkTokenValidator.EndorsementsOf(configuration, "k2"));
        Assert.Empty(BotFrameworkTokenValidator.EndorsementsOf(configuration, "k3"));
    }
}
