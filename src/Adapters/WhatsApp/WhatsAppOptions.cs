using System.ComponentModel.DataAnnotations;

namespace ChatHub.Adapters.WhatsApp;

/// <summary>
/// Configuration section <c>Channels:WhatsApp</c>: the WhatsApp Business Platform (Cloud API) adapter, one business
/// phone number. The adapter is off when <see cref="PhoneNumberId"/> is not set. Bad values stop the host at start
/// (<see cref="WhatsAppOptionsValidator"/>); the access token, app secret and verify token are never logged.
/// </summary>
public sealed class WhatsAppOptions
{
    public const string SectionName = "Channels:WhatsApp";

    /// <summary>The path Meta calls: <c>GET</c> for the verification handshake, <c>POST</c> for notifications.</summary>
    public const string WebhookPath = "/webhooks/whatsapp";

    /// <summary>The Graph API, with its version, that the Cloud API is reached through.</summary>
    public static readonly Uri DefaultApiBaseUrl = new("https://graph.facebook.com/v23.0/");

    /// <summary>A system user's access token with <c>whatsapp_business_messaging</c>. A secret: never logged.</summary>
    public string? AccessToken { get; set; }

    /// <summary>The Meta app's secret: notifications are signed with it (<c>X-Hub-Signature-256</c>). A secret: never logged.</summary>
    public string? AppSecret { get; set; }

    /// <summary>The verify token typed into the app's webhook settings; echoed back in the <c>GET</c> handshake. A secret: never logged.</summary>
    public string? VerifyToken { get; set; }

    /// <summary>The business phone number's id (not the number itself): the conversations' bot id and the sending path.</summary>
    public string? PhoneNumberId { get; set; }

    /// <summary>The Graph API base URL with its version, e.g. <c>https://graph.facebook.com/v23.0/</c>.</summary>
    public Uri ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>Allow a plain-http <see cref="ApiBaseUrl"/>. Only for local development and tests; never in production.</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>
    /// The approved template sent instead of a reply when the person's last message is older than
    /// <see cref="ServiceWindow"/> (WhatsApp refuses free-form messages then). Without a name such replies are
    /// dead-lettered with the reason.
    /// </summary>
    public WhatsAppTemplateOptions WindowTemplate { get; set; } = new();

    /// <summary>
    /// How long after a person's last message free-form replies are sent: WhatsApp's customer-service window is 24 hours;
    /// the default keeps a margin for the clocks and the time a reply takes.
    /// </summary>
    public TimeSpan ServiceWindow { get; set; } = TimeSpan.FromHours(23) + TimeSpan.FromMinutes(50);

    /// <summary>
    /// Messages whose WhatsApp <c>timestamp</c> is older than this are acknowledged and not answered (a late redelivery
    /// or a replayed notification past the de-duplication window). At most the hub's de-duplication window (24 h).
    /// </summary>
    public TimeSpan MaxMessageAge { get; set; } = TimeSpan.FromHours(23);

    /// <summary>
    /// Webhook calls with a missing or wrong signature (or a wrong verify token) one client address may make (each 401
    /// or 403, logged), then one per <see cref="FailedAuthRefill"/>; beyond that 429 with Retry-After and no log line.
    /// A correctly signed call always passes.
    /// </summary>
    [Range(1, 10_000)]
    public int FailedAuthBurst { get; set; } = 10;

    public TimeSpan FailedAuthRefill { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>Largest accepted notification body; larger ones get 413 (Meta's are a few kilobytes).</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxWebhookBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Deepest JSON nesting accepted in a notification.</summary>
    [Range(8, 128)]
    public int MaxJsonDepth { get; set; } = 32;

    /// <summary>Messages per second the phone number may send (Cloud API default throughput: 80; raised numbers up to 1,000).</summary>
    [Range(1, 1000)]
    public int MessagesPerSecond { get; set; } = 80;

    /// <summary>
    /// Messages to one person sent in a burst before <see cref="PairInterval"/> paces them (WhatsApp's pair rate limit,
    /// error 131056, allows about one message every 6 seconds to the same person, with short bursts).
    /// </summary>
    [Range(1, 45)]
    public int PairBurst { get; set; } = 10;

    /// <summary>The pace of messages to one person once <see cref="PairBurst"/> is spent.</summary>
    public TimeSpan PairInterval { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>How long to wait after a pair rate limit error (131056) when the answer names no delay.</summary>
    public TimeSpan PairRateLimitDelay { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>Timeout of one Graph API request.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts of one send on 429, 131056, 130429, 5xx, timeouts and network errors before it counts as transient.</summary>
    [Range(1, 20)]
    public int MaxSendAttempts { get; set; } = 6;

    /// <summary>First backoff after a failure without a delay from the platform; doubles per attempt, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between attempts (also the cap of one Retry-After).</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most total waiting inside one send; beyond it the send is handed back as transient (the bus retries it).</summary>
    public TimeSpan MaxRetryWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether a person's message is marked read with a typing indicator while the answer is produced.</summary>
    public bool TypingIndicator { get; set; } = true;

    /// <summary>How long the delivery state of a reply is kept (a retried final continues where it stopped).</summary>
    public TimeSpan ReplyStateTtl { get; set; } = TimeSpan.FromMinutes(15);

    public override string ToString() => ToString(includeSecrets: false);

    /// <summary>The settings for diagnostics; the token and secrets only when asked for.</summary>
    public string ToString(bool includeSecrets) =>
        $"PhoneNumberId={PhoneNumberId ?? "(none)"}, ApiBaseUrl={ApiBaseUrl}, AccessToken={Secret(AccessToken, includeSecrets)}, " +
        $"AppSecret={Secret(AppSecret, includeSecrets)}, VerifyToken={Secret(VerifyToken, includeSecrets)}, " +
        $"WindowTemplate={(string.IsNullOrEmpty(WindowTemplate.Name) ? "(none)" : $"{WindowTemplate.Name}/{WindowTemplate.Language}")}, AllowInsecureHttp={AllowInsecureHttp}";

    private static string Secret(string? value, bool include) => string.IsNullOrEmpty(value) ? "(none)" : include ? value : "***";
}
