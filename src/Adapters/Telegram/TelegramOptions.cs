using System.ComponentModel.DataAnnotations;

namespace ChatHub.Adapters.Telegram;

/// <summary>
/// Configuration section <c>Channels:Telegram</c>. The adapter is off when <see cref="Token"/> is not set.
/// Bad values stop the host at start (<see cref="TelegramOptionsValidator"/>).
/// </summary>
public sealed class TelegramOptions
{
    public const string SectionName = "Channels:Telegram";

    /// <summary>The path Telegram POSTs updates to.</summary>
    public const string WebhookPath = "/webhooks/telegram";

    /// <summary>The bot token from @BotFather (<c>123456789:AA…</c>). A secret: never logged, redacted by <see cref="ToString()"/>.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// The Bot API server; requests go to <c>{scheme}://{host}:{port}/bot{Token}/{method}</c>. Telegram.Bot keeps only
    /// the scheme and authority of this URL: a path prefix is dropped.
    /// </summary>
    public Uri ApiBaseUrl { get; set; } = new("https://api.telegram.org");

    public TelegramMode Mode { get; set; } = TelegramMode.Webhook;

    /// <summary>
    /// The secret Telegram echoes in <c>X-Telegram-Bot-Api-Secret-Token</c>: 16–256 of A–Z a–z 0–9 _ - (the Bot API
    /// allows from 1; fewer than 16 could be guessed). Required in webhook mode unless
    /// <see cref="AllowUnauthenticatedWebhook"/> is set; empty counts as not set.
    /// </summary>
    public string? WebhookSecret { get; set; }

    /// <summary>
    /// Webhook calls with a missing or wrong secret one client address may make in a burst (each answered 401 and
    /// logged), then one per <see cref="FailedAuthRefill"/>; beyond that 429 with Retry-After and no log line. A call with
    /// the right secret always passes, so Telegram is never locked out (even behind a proxy the hub cannot see past).
    /// </summary>
    [Range(1, 10_000)]
    public int FailedAuthBurst { get; set; } = 10;

    public TimeSpan FailedAuthRefill { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>Accept webhook calls without a secret (only behind something else that authenticates them).</summary>
    public bool AllowUnauthenticatedWebhook { get; set; }

    /// <summary>
    /// The hub's public base URL (e.g. <c>https://chat.example.com</c>). When set in webhook mode the hub calls
    /// <c>setWebhook</c> at start with <c>{PublicUrl}/webhooks/telegram</c>, the secret and its allowed updates.
    /// </summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>Which group and channel messages the bot answers.</summary>
    public TelegramGroupMode GroupMessages { get; set; } = TelegramGroupMode.Addressed;

    /// <summary>Largest accepted webhook body; larger ones get 413.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxWebhookBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Timeout of one Bot API request (getUpdates adds its long-poll time to it).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Long-poll time of one getUpdates call (0–50 s).</summary>
    public TimeSpan PollingTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait after a failed getUpdates (409 Conflict, 5xx, network); doubles per failure up to a minute.</summary>
    public TimeSpan PollingErrorDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Updates per getUpdates call (1–100).</summary>
    [Range(1, 100)]
    public int PollingLimit { get; set; } = 100;

    /// <summary>Sustained messages (sends, edits, typing) per second to one chat.</summary>
    [Range(0.01, 30)]
    public double PerChatPerSecond { get; set; } = 1;

    /// <summary>Short burst allowed to one chat above the sustained rate.</summary>
    [Range(1, 30)]
    public int PerChatBurst { get; set; } = 3;

    /// <summary>Messages per minute to one group, supergroup or channel.</summary>
    [Range(1, 600)]
    public int PerGroupPerMinute { get; set; } = 20;

    /// <summary>
    /// Messages per second for the whole bot. 30 is Telegram's free limit; bots with paid broadcasts (or a local
    /// Bot API server, or a load test against a fake one) may go far higher.
    /// </summary>
    [Range(1, 1_000_000)]
    public int GlobalPerSecond { get; set; } = 30;

    /// <summary>Most HTTP connections to the Bot API server at once; further calls wait for one.</summary>
    [Range(1, 10_000)]
    public int MaxConnectionsPerServer { get; set; } = 256;

    /// <summary>Attempts of one send on 5xx, timeouts and network errors before it counts as transient.</summary>
    [Range(1, 20)]
    public int MaxSendAttempts { get; set; } = 5;

    /// <summary>First backoff after a transient failure; doubles per attempt, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest backoff between attempts.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most total retry_after waiting inside one send; beyond it the send is handed back as transient.</summary>
    public TimeSpan MaxRetryAfterWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often "typing…" is refreshed while a reply is produced (Telegram shows it for 5 s).</summary>
    public TimeSpan TypingInterval { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Typing stops after this long even if no reply came.</summary>
    public TimeSpan MaxTypingDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Least time between two progressive edits of a streamed reply (the final edit always goes out).</summary>
    public TimeSpan MinEditInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the delivery state of a reply (its Telegram message ids) is kept for edits and retries.</summary>
    public TimeSpan ReplyStateTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The bot's numeric id: the part of the token before the colon (not secret).</summary>
    public long BotId => TryGetBotId(Token, out var id) ? id : 0;

    internal static bool TryGetBotId(string? token, out long botId)
    {
        botId = 0;
        var colon = token?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        // At most 16 digits of id: Telegram.Bot's TelegramBotClientOptions refuses longer ones.
        return colon is > 0 and <= 16 && long.TryParse(token.AsSpan(0, colon), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out botId) && botId > 0;
    }

    public override string ToString() => ToString(includeSecrets: false);

    /// <summary>The settings for diagnostics; the token and the webhook secret only when asked for.</summary>
    public string ToString(bool includeSecrets) =>
        $"Token={(includeSecrets ? Token : Token is null ? "(none)" : $"{BotId}:***")}, ApiBaseUrl={ApiBaseUrl}, Mode={Mode}, " +
        $"WebhookSecret={(string.IsNullOrEmpty(WebhookSecret) ? "(none)" : includeSecrets ? WebhookSecret : "***")}, PublicUrl={PublicUrl}, GroupMessages={GroupMessages}";
}
