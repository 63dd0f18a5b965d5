using System.ComponentModel.DataAnnotations;

namespace ChatHub.Adapters.Slack;

/// <summary>
/// Configuration section <c>Channels:Slack</c>. The adapter is off when <see cref="BotToken"/> is not set. Bad values
/// stop the host at start (<see cref="SlackOptionsValidator"/>).
/// </summary>
public sealed class SlackOptions
{
    public const string SectionName = "Channels:Slack";

    /// <summary>The endpoint Slack's Events API posts to (Event Subscriptions → Request URL: <c>{public base}/webhooks/slack</c>).</summary>
    public const string WebhookPath = "/webhooks/slack";

    /// <summary>The bot token (<c>xoxb-…</c>, OAuth &amp; Permissions). A secret: never logged, redacted by <see cref="ToString()"/>.</summary>
    public string? BotToken { get; set; }

    /// <summary>The app's signing secret (Basic Information → App Credentials). A secret. Required in <see cref="SlackMode.Events"/> mode.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>The app-level token (<c>xapp-…</c>, scope <c>connections:write</c>). A secret. Required in <see cref="SlackMode.SocketMode"/>.</summary>
    public string? AppToken { get; set; }

    /// <summary><c>Events</c> (default: the Events API on <see cref="WebhookPath"/>) or <c>SocketMode</c> (development, no public URL).</summary>
    public SlackMode Mode { get; set; } = SlackMode.Events;

    /// <summary>The Web API base; methods are posted to <c>{ApiBaseUrl}/{method}</c>.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://slack.com/api/");

    /// <summary>How far a request's <c>X-Slack-Request-Timestamp</c> may be from now, either way (Slack: 5 minutes).</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A larger Events API body gets 413.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxWebhookBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Requests with a missing or wrong signature one client address may make (each 401, logged), then one per <see cref="FailedAuthRefill"/>; beyond that 429, not logged.</summary>
    [Range(1, 1_000_000)]
    public int FailedAuthBurst { get; set; } = 10;

    /// <summary>See <see cref="FailedAuthBurst"/>.</summary>
    public TimeSpan FailedAuthRefill { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>Timeout of one Web API call.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts of one send (5xx, timeouts, network errors, 429s) before it counts as transient.</summary>
    [Range(1, 20)]
    public int MaxSendAttempts { get; set; } = 5;

    /// <summary>First backoff after a transient failure; doubles per attempt, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest backoff between attempts.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most total rate-limit waiting (budgets, 429 <c>Retry-After</c>) inside one send; beyond it the send is transient.</summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary><c>chat.postMessage</c> per channel per second (Slack: about one, short bursts tolerated).</summary>
    [Range(0.01, 1000)]
    public double PostsPerChannelPerSecond { get; set; } = 1;

    /// <summary>Burst of <c>chat.postMessage</c> per channel.</summary>
    [Range(1, 1000)]
    public int PostsPerChannelBurst { get; set; } = 3;

    /// <summary><c>chat.update</c> per minute for the workspace (Tier 3: 50+ a minute).</summary>
    [Range(1, 100000)]
    public int UpdatesPerMinute { get; set; } = 50;

    /// <summary>Least time between two progressive edits of a streamed reply (the final edit always goes out).</summary>
    public TimeSpan MinEditInterval { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>How long the delivery state of a reply (its Slack message timestamps) is kept for edits and retries.</summary>
    public TimeSpan ReplyStateTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Socket Mode: timeout of <c>apps.connections.open</c> plus the WebSocket handshake and Slack's <c>hello</c>.</summary>
    public TimeSpan SocketConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Socket Mode: first wait after a failed connection; doubles per failure, with jitter.</summary>
    public TimeSpan ReconnectBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Socket Mode: longest wait between connection attempts.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    public override string ToString() => ToString(includeSecrets: false);

    /// <summary>The settings for diagnostics; the tokens and the signing secret only when asked for.</summary>
    public string ToString(bool includeSecrets) =>
        $"BotToken={Redact(BotToken, includeSecrets)}, SigningSecret={Redact(SigningSecret, includeSecrets)}, AppToken={Redact(AppToken, includeSecrets)}, Mode={Mode}, ApiBaseUrl={ApiBaseUrl}";

    private static string Redact(string? secret, bool includeSecrets) => secret is null ? "(none)" : includeSecrets ? secret : "***";
}
