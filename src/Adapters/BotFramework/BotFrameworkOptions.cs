using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace ChatHub.Adapters.BotFramework;

/// <summary>
/// Configuration section <c>Channels:Teams</c>: the Microsoft Teams / Bot Framework adapter (any Bot Connector or
/// Agents SDK channel). The adapter is off when <see cref="AppId"/> is not set. Bad values stop the host at start
/// (<see cref="BotFrameworkOptionsValidator"/>).
/// </summary>
public sealed class BotFrameworkOptions
{
    public const string SectionName = "Channels:Teams";

    /// <summary>The path the Bot Connector POSTs activities to (the Azure Bot's messaging endpoint).</summary>
    public const string MessagesPath = "/api/messages";

    /// <summary>The Bot Connector's OpenID metadata (public cloud).</summary>
    public static readonly Uri DefaultOpenIdMetadataUrl = new("https://login.botframework.com/v1/.well-known/openidconfiguration");

    /// <summary>Microsoft Entra ID's OpenID metadata (v2.0, common: the signing keys are the same for every tenant).</summary>
    public static readonly Uri DefaultEntraOpenIdMetadataUrl = new("https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration");

    /// <summary>The bot's Microsoft App ID (the Entra app registration's client id): the audience of inbound tokens.</summary>
    public string? AppId { get; set; }

    /// <summary>The app registration's client secret, for outbound tokens. A secret: never logged, redacted by <see cref="ToString()"/>.</summary>
    public string? AppPassword { get; set; }

    /// <summary>
    /// The bot's Entra tenant id (a GUID). Single-tenant bots get outbound tokens from this tenant's endpoint,
    /// Entra-issued inbound tokens of this tenant are accepted, and activities naming another tenant
    /// (<c>conversation.tenantId</c>, <c>channelData.tenant.id</c>) are refused. Unset: the legacy multi-tenant
    /// endpoint (<c>botframework.com</c>) and no tenant check.
    /// </summary>
    public string? TenantId { get; set; }

    /// <summary>Where the Bot Connector's signing keys are published (OpenID configuration → <c>jwks_uri</c>).</summary>
    public Uri OpenIdMetadataUrl { get; set; } = DefaultOpenIdMetadataUrl;

    /// <summary>Where Entra ID's signing keys are published. Null (an empty value) turns Entra-issued tokens off.</summary>
    public Uri? EntraOpenIdMetadataUrl { get; set; } = DefaultEntraOpenIdMetadataUrl;

    /// <summary>The <c>iss</c> of Bot Connector tokens (change only for sovereign clouds).</summary>
    public string BotConnectorIssuer { get; set; } = "https://api.botframework.com";

    /// <summary>
    /// The client-credentials token endpoint. Default: <c>https://login.microsoftonline.com/{TenantId}/oauth2/v2.0/token</c>,
    /// or <c>…/botframework.com/…</c> without a tenant.
    /// </summary>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>The scope of outbound tokens.</summary>
    public string OAuthScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>
    /// The service URLs of Microsoft's Bot Framework and Teams services (public cloud and the US government clouds):
    /// Teams (<c>smba.trafficmanager.net</c>, <c>smba.infra.gcc.teams.microsoft.com</c>,
    /// <c>smba.infra.gov.teams.microsoft.us</c>, <c>smba.infra.dod.teams.microsoft.us</c>) and the Bot Framework
    /// channels (<c>*.botframework.com</c>: Web Chat, Direct Line and their regional hosts). Exact hosts for Teams:
    /// anyone can register a name under <c>trafficmanager.net</c>.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultAllowedServiceUrls =
    [
        "https://smba.trafficmanager.net/",
        "https://smba.infra.gcc.teams.microsoft.com/",
        "https://smba.infra.gov.teams.microsoft.us/",
        "https://smba.infra.dod.teams.microsoft.us/",
        "https://*.botframework.com/",
    ];

    /// <summary>
    /// Service URLs the bot's token may be sent to, in addition to <see cref="DefaultAllowedServiceUrls"/> (unless
    /// <see cref="UseDefaultServiceUrls"/> is off): prefixes with scheme, host and port, and a path prefix at a segment
    /// boundary; a host may start with <c>*.</c> (any subdomain of what follows). An activity whose serviceUrl is
    /// not vouched for by a Bot Connector token's <c>serviceurl</c> claim must be under one of them, and no reply goes
    /// anywhere else. For a sovereign cloud or the Agents Playground (<c>http://localhost:…/_connector</c>) add its URL here.
    /// </summary>
    public string[] AllowedServiceUrls { get; set; } = [];

    /// <summary>Whether <see cref="DefaultAllowedServiceUrls"/> are allowed (on by default); off: only <see cref="AllowedServiceUrls"/>.</summary>
    public bool UseDefaultServiceUrls { get; set; } = true;

    /// <summary>
    /// Apps (<c>azp</c> of v2, <c>appid</c> of v1 Entra tokens) that may call with Entra-issued tokens besides the bot
    /// itself (the Bot Framework SDK's rule for skills). Empty: only the bot's own <see cref="AppId"/>.
    /// </summary>
    public string[] AllowedCallers { get; set; } = [];

    /// <summary>
    /// Allow plain http for the metadata, token endpoint and service URLs. Only for local development and tests
    /// (the Agents Playground's <c>http://localhost</c> connector); never in production.
    /// </summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>Sent when the bot is added to a conversation (a <c>conversationUpdate</c> naming the bot). Empty: no welcome.</summary>
    public string? WelcomeMessage { get; set; }

    /// <summary>Largest accepted activity body; larger ones get 413.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Deepest JSON nesting accepted in an activity.</summary>
    [Range(8, 256)]
    public int MaxJsonDepth { get; set; } = 32;

    /// <summary>Tolerance for <c>nbf</c>/<c>exp</c> of inbound tokens.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long fetched signing keys are used before they are fetched again (at most 24 h).</summary>
    public TimeSpan MetadataRefreshInterval { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Least time between two fetches caused by an unknown key id (so forged kids cannot hammer the metadata).</summary>
    public TimeSpan MinKeyRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Outbound tokens are renewed this long before they expire.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Timeout of one HTTP request (metadata, token, connector).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts of one send on 429, 412, 502, 503, 504, timeouts and network errors before it counts as transient.</summary>
    [Range(1, 20)]
    public int MaxSendAttempts { get; set; } = 5;

    /// <summary>First backoff after a transient failure without Retry-After; doubles per attempt, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest backoff between attempts (also the cap of one Retry-After wait).</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most total Retry-After waiting inside one send; beyond it the send is handed back as transient.</summary>
    public TimeSpan MaxRetryAfterWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the typing indicator is sent while a reply is produced (Teams shows it for about 3 s).</summary>
    public TimeSpan TypingInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Typing stops after this long even if no reply came.</summary>
    public TimeSpan MaxTypingDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Largest text of one outbound activity, in UTF-8 bytes. Teams accepts about 28 KB per message including markup
    /// and the envelope; longer replies are split into several messages.
    /// </summary>
    [Range(256, 28 * 1024)]
    public int MaxMessageBytes { get; set; } = 24 * 1024;

    /// <summary>
    /// Posts to one conversation in any second (sends, retries, typing; Teams allows a bot 7). The budget is per
    /// process: with several egress nodes each keeps its own (<see cref="Egress.BotFrameworkSendBudget"/>).
    /// </summary>
    [Range(1, 1_000_000)]
    public int BudgetPerConversationPerSecond { get; set; } = 7;

    /// <summary>Posts to one conversation in any 2 seconds (Teams: 8).</summary>
    [Range(1, 1_000_000)]
    public int BudgetPerConversationPerTwoSeconds { get; set; } = 8;

    /// <summary>Posts to one conversation in any 30 seconds (Teams: 60).</summary>
    [Range(1, 1_000_000)]
    public int BudgetPerConversationPerThirtySeconds { get; set; } = 60;

    /// <summary>Posts to one conversation in any hour (Teams: 1,800), counted in one-minute slices.</summary>
    [Range(1, 100_000_000)]
    public int BudgetPerConversationPerHour { get; set; } = 1800;

    /// <summary>
    /// Sustained posts per second to one tenant (the conversation's Entra tenant; the bot's <see cref="TenantId"/>, or
    /// the service URL, when the activity named none). Teams allows an app about 30 per tenant.
    /// </summary>
    [Range(0.01, 1_000_000)]
    public double BudgetPerTenantPerSecond { get; set; } = 30;

    /// <summary>Short burst allowed to one tenant above <see cref="BudgetPerTenantPerSecond"/>.</summary>
    [Range(1, 1_000_000)]
    public int BudgetPerTenantBurst { get; set; } = 10;

    /// <summary>Longest wait for budget of one post; beyond it the send is handed back as transient (the bus retries it).</summary>
    public TimeSpan BudgetMaxWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the delivery state of a reply is kept (a retried final continues where it stopped).</summary>
    public TimeSpan ReplyStateTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The service URL prefixes in force: the defaults (unless turned off) and <see cref="AllowedServiceUrls"/>.</summary>
    public IEnumerable<string> EffectiveAllowedServiceUrls =>
        (UseDefaultServiceUrls ? DefaultAllowedServiceUrls : []).Concat(AllowedServiceUrls);

    /// <summary>The token endpoint in use: <see cref="TokenEndpoint"/> or the one derived from <see cref="TenantId"/>.</summary>
    public Uri EffectiveTokenEndpoint => TokenEndpoint ?? new Uri(string.Create(CultureInfo.InvariantCulture,
        $"https://login.microsoftonline.com/{(string.IsNullOrWhiteSpace(TenantId) ? "botframework.com" : TenantId.Trim())}/oauth2/v2.0/token"));

    public override string ToString() => ToString(includeSecrets: false);

    /// <summary>The settings for diagnostics; the client secret only when asked for.</summary>
    public string ToString(bool includeSecrets) =>
        $"AppId={AppId ?? "(none)"}, AppPassword={(string.IsNullOrEmpty(AppPassword) ? "(none)" : includeSecrets ? AppPassword : "***")}, " +
        $"TenantId={TenantId ?? "(none)"}, OpenIdMetadataUrl={OpenIdMetadataUrl}, EntraOpenIdMetadataUrl={EntraOpenIdMetadataUrl?.ToString() ?? "(off)"}, " +
        $"TokenEndpoint={EffectiveTokenEndpoint}, AllowedServiceUrls=[{string.Join(", ", EffectiveAllowedServiceUrls)}], AllowInsecureHttp={AllowInsecureHttp}";
}
