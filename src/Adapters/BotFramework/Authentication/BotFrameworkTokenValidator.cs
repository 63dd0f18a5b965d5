using System.Text.Json;
using ChatHub.Adapters.BotFramework.Api;
using ChatHub.Adapters.BotFramework.Egress;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace ChatHub.Adapters.BotFramework.Authentication;

/// <summary>
/// Validates the bearer token of an inbound activity, the way the Bot Connector and the Agents SDK specify:
/// <list type="number">
/// <item>a JWT signed (RS256/384/512; never <c>alg: none</c>) by a key from the issuer's OpenID metadata, found by
/// its <c>kid</c> (an unknown kid fetches the keys again: rollover);</item>
/// <item>issuer: the Bot Connector (<see cref="BotFrameworkOptions.BotConnectorIssuer"/>), or Entra ID v1/v2 for the
/// bot's tenant and the Bot Service's own tenants;</item>
/// <item>audience: the AppId (Entra tokens also <c>api://{AppId}</c>); lifetime within <see cref="BotFrameworkOptions.ClockSkew"/>;</item>
/// <item>an Entra token's caller (<c>azp</c> of v2, <c>appid</c> of v1) is the bot itself or in
/// <see cref="BotFrameworkOptions.AllowedCallers"/> (the Bot Framework SDK's rule): any other app of the tenant can get
/// a token for the bot's audience;</item>
/// <item>with the activity (<see cref="CheckActivity(AuthenticatedCaller, Activity)"/>): the <c>serviceurl</c> claim
/// equals the activity's serviceUrl (required for Bot Connector tokens) and the signing key's <c>endorsements</c>
/// include its channelId; a serviceUrl no Bot Connector token vouches for must be an allowed Bot Framework service
/// (<see cref="ServiceUrlPolicy"/>); with <see cref="BotFrameworkOptions.TenantId"/>, the activity is of that tenant.</item>
/// </list>
/// Failures are values with the reason; the token itself is never logged.
/// </summary>
internal sealed class BotFrameworkTokenValidator
{
    /// <summary>The Bot Service's own Entra tenants, whose tokens the Agents SDK accepts by default.</summary>
    internal static readonly string[] BotServiceTenants = ["d6d49420-f39b-4df7-a1dc-d59a935871db", "f8cdef31-a31e-4b4a-93e4-5f571e91255a"];

    private const int MaxTokenLength = 16 * 1024;
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly BotFrameworkOptions _options;
    private readonly OpenIdMetadataCache _botConnectorKeys;
    private readonly OpenIdMetadataCache? _entraKeys;
    private readonly HashSet<string> _entraIssuers;
    private readonly ServiceUrlPolicy _serviceUrls;
    private readonly string? _tenantId;
    private readonly TimeProvider _time;

    public BotFrameworkTokenValidator(BotFrameworkSigningKeys keys, ServiceUrlPolicy serviceUrls, IOptions<BotFrameworkOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _serviceUrls = serviceUrls;
        _tenantId = string.IsNullOrWhiteSpace(_options.TenantId) ? null : _options.TenantId.Trim();
        _botConnectorKeys = keys.BotConnector;
        _entraKeys = keys.Entra;
        _time = time;
        var tenants = BotServiceTenants.ToList();
        if (!string.IsNullOrWhiteSpace(_options.TenantId))
        {
            tenants.Add(_options.TenantId.Trim());
        }

        _entraIssuers = new HashSet<string>(
            tenants.SelectMany(t => new[] { $"https://sts.windows.net/{t}/", $"https://login.microsoftonline.com/{t}/v2.0" }),
            StringComparer.Ordinal);
    }

    /// <summary>Checks the <c>Authorization</c> header: scheme, issuer, signature, audience, lifetime.</summary>
    public async ValueTask<AuthenticationResult> ValidateAsync(string? authorization, CancellationToken cancellationToken)
    {
        const string Bearer = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticationResult.Unauthorized("missing bearer token");
        }

        var token = authorization[Bearer.Length..].Trim();
        if (token.Length is 0 or > MaxTokenLength || !_handler.CanReadToken(token))
        {
            return AuthenticationResult.Unauthorized("malformed token");
        }

        JsonWebToken unverified;
        try
        {
            unverified = _handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return AuthenticationResult.Unauthorized("malformed token");
        }

        var issuer = unverified.Issuer;
        var (source, keys) = issuer == _options.BotConnectorIssuer
            ? (TokenSource.BotConnector, _botConnectorKeys)
            : _entraKeys is not null && _entraIssuers.Contains(issuer)
                ? (TokenSource.Entra, _entraKeys)
                : (TokenSource.BotConnector, null);
        if (keys is null)
        {
            return AuthenticationResult.Unauthorized($"untrusted issuer '{Truncate(issuer)}'");
        }

        if (string.IsNullOrEmpty(unverified.Kid))
        {
            return AuthenticationResult.Unauthorized("the token names no signing key (kid)");
        }

        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await keys.GetWithKeyAsync(unverified.Kid, cancellationToken);
        }
        catch (MetadataUnavailableException ex)
        {
            return AuthenticationResult.Unavailable(ex.Message);
        }

        var result = await _handler.ValidateTokenAsync(token, Parameters(source, configuration));
        if (!result.IsValid)
        {
            return AuthenticationResult.Unauthorized(Describe(result.Exception));
        }

        var claims = result.ClaimsIdentity;
        var serviceUrl = claims.FindFirst("serviceurl")?.Value;
        if (source == TokenSource.BotConnector)
        {
            return AuthenticationResult.Success(new AuthenticatedCaller(source, issuer, serviceUrl, EndorsementsOf(configuration, unverified.Kid), null));
        }

        // v1 tokens (sts.windows.net) name the calling app in appid, v2 tokens in azp.
        var v1 = issuer.StartsWith("https://sts.windows.net/", StringComparison.Ordinal);
        var caller = claims.FindFirst(v1 ? "appid" : "azp")?.Value;
        if (string.IsNullOrEmpty(caller))
        {
            return AuthenticationResult.Unauthorized(v1 ? "a v1 Entra token without appid" : "a v2 Entra token without azp");
        }

        if (!string.Equals(caller, _options.AppId, StringComparison.OrdinalIgnoreCase)
            && !_options.AllowedCallers.Contains(caller, StringComparer.OrdinalIgnoreCase))
        {
            return AuthenticationResult.Unauthorized($"an Entra token of app '{Truncate(caller)}', which is neither this bot nor in AllowedCallers");
        }

        return AuthenticationResult.Success(new AuthenticatedCaller(source, issuer, serviceUrl, [], caller));
    }

    /// <summary>
    /// Binds a validated token to the activity it came with (<see cref="CheckActivity(AuthenticatedCaller, string?, string?)"/>),
    /// then checks what the activity claims: a serviceUrl that no Bot Connector token vouches for must be an allowed
    /// Bot Framework service (403), and with <see cref="BotFrameworkOptions.TenantId"/> set, an activity naming another
    /// tenant, or a Teams activity naming none, is refused (403).
    /// </summary>
    public AuthenticationResult CheckActivity(AuthenticatedCaller caller, Activity activity)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(activity);
        var bound = CheckActivity(caller, activity.ServiceUrl, activity.ChannelId);
        if (!bound.Succeeded)
        {
            return bound;
        }

        var vouched = caller.Source == TokenSource.BotConnector && caller.ServiceUrl is not null; // and equal, checked above
        if (!vouched && activity.ServiceUrl is not null && _serviceUrls.Check(activity.ServiceUrl) is { } refused)
        {
            return AuthenticationResult.Forbidden($"the activity's serviceUrl is not vouched for: {refused}");
        }

        if (_tenantId is null)
        {
            return bound;
        }

        string?[] tenants = [activity.Conversation?.TenantId, activity.ChannelDataTenantId];
        if (tenants.Any(t => t is not null && !string.Equals(t, _tenantId, StringComparison.OrdinalIgnoreCase)))
        {
            return AuthenticationResult.Forbidden("the activity is from another tenant than TenantId");
        }

        return string.Equals(activity.ChannelId, "msteams", StringComparison.OrdinalIgnoreCase) && tenants.All(string.IsNullOrEmpty)
            ? AuthenticationResult.Forbidden("a Teams activity that names no tenant (TenantId is set)")
            : bound;
    }

    /// <summary>Binds a validated token to the activity it came with: the service URL and the channel endorsement.</summary>
    public static AuthenticationResult CheckActivity(AuthenticatedCaller caller, string? serviceUrl, string? channelId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Source == TokenSource.BotConnector && caller.ServiceUrl is null)
        {
            return AuthenticationResult.Unauthorized("the token has no serviceurl claim");
        }

        if (caller.ServiceUrl is { } claimed && !SameServiceUrl(claimed, serviceUrl))
        {
            return AuthenticationResult.Unauthorized("the token's serviceurl claim does not match the activity's serviceUrl");
        }

        if (caller.Source == TokenSource.BotConnector
            && (string.IsNullOrEmpty(channelId) || !caller.Endorsements.Contains(channelId, StringComparer.OrdinalIgnoreCase)))
        {
            return AuthenticationResult.Forbidden($"the signing key is not endorsed for channel '{Truncate(channelId ?? "")}'");
        }

        return AuthenticationResult.Success(caller);
    }

    internal static bool SameServiceUrl(string claimed, string? serviceUrl) =>
        serviceUrl is not null && string.Equals(claimed.TrimEnd('/'), serviceUrl.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private TokenValidationParameters Parameters(TokenSource source, OpenIdConnectConfiguration configuration)
    {
        var appId = _options.AppId!;
        return new TokenValidationParameters
        {
            ValidIssuers = source == TokenSource.BotConnector ? [_options.BotConnectorIssuer] : _entraIssuers,
            ValidateIssuer = true,
            ValidAudiences = source == TokenSource.BotConnector ? [appId] : [appId, $"api://{appId}"],
            ValidateAudience = true,
            IssuerSigningKeys = configuration.SigningKeys,
            TryAllIssuerSigningKeys = false,
            RequireSignedTokens = true,
            ValidAlgorithms = Algorithms,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = _options.ClockSkew,
            LifetimeValidator = ValidateLifetime,
            ValidateTokenReplay = false,
        };
    }

    /// <summary>Lifetime on the injected clock (the handler's own clock cannot be replaced).</summary>
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (expires is not { } exp || exp.ToUniversalTime() < now - _options.ClockSkew)
        {
            return false;
        }

        return notBefore is not { } nbf || nbf.ToUniversalTime() <= now + _options.ClockSkew;
    }

    /// <summary>The <c>endorsements</c> of the JWKS key with this kid (Microsoft.IdentityModel keeps unknown members in AdditionalData).</summary>
    internal static IReadOnlyCollection<string> EndorsementsOf(OpenIdConnectConfiguration configuration, string keyId)
    {
        var key = configuration.JsonWebKeySet?.Keys.FirstOrDefault(k => string.Equals(k.Kid, keyId, StringComparison.Ordinal));
        if (key is null || !key.AdditionalData.TryGetValue("endorsements", out var value))
        {
            return [];
        }

        return value switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } array =>
                [.. array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
            IEnumerable<object> items => [.. items.OfType<string>()],
            _ => [],
        };
    }

    private static string Describe(Exception? error) => error switch
    {
        SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException or SecurityTokenNoExpirationException => "the token is expired or not yet valid",
        SecurityTokenInvalidAudienceException => "the token is not for this bot (audience)",
        SecurityTokenInvalidIssuerException => "untrusted issuer",
        SecurityTokenSignatureKeyNotFoundException => "the token is signed by an unknown key",
        SecurityTokenInvalidAlgorithmException => "the token's signing algorithm is not allowed",
        SecurityTokenInvalidSignatureException when error.Message.Contains("IDX10504", StringComparison.Ordinal) => "the token is not signed",
        SecurityTokenInvalidSignatureException => "the token's signature is not valid",
        SecurityTokenMalformedException => "malformed token",
        null => "the token is not valid",
        _ => $"the token is not valid ({error.GetType().Name})",
    };

    private static string Truncate(string value) => value.Length <= 100 ? value : value[..100] + "…";
}
