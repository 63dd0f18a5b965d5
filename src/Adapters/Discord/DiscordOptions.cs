using System.ComponentModel.DataAnnotations;

namespace ChatHub.Adapters.Discord;

/// <summary>
/// Configuration section <c>Channels:Discord</c>. The adapter is off when <see cref="Token"/> is not set.
/// Bad values stop the host at start (<see cref="DiscordOptionsValidator"/>).
/// </summary>
public sealed class DiscordOptions
{
    public const string SectionName = "Channels:Discord";

    /// <summary>The bot token from the Developer Portal (Bot → Reset Token). A secret: never logged, redacted by <see cref="ToString()"/>.</summary>
    public string? Token { get; set; }

    /// <summary>The REST API base; the gateway URL comes from <c>GET {ApiBaseUrl}/gateway/bot</c>.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://discord.com/api/v10");

    /// <summary>Gateway intents sent with IDENTIFY (names, comma-separated, or the number).</summary>
    /// <summary>
    /// The only places image attachments are downloaded from (scheme, host and port must match); null: Discord's CDN,
    /// <c>https://cdn.discordapp.com</c> and <c>https://media.discordapp.net</c>. Tests point it at a loopback fake.
    /// </summary>
    public Uri[]? CdnBaseUrls { get; set; }

    /// <summary>Discord's own CDN hosts, used when <see cref="CdnBaseUrls"/> is not set.</summary>
    public static IReadOnlyList<Uri> DefaultCdnBaseUrls { get; } = [new("https://cdn.discordapp.com"), new("https://media.discordapp.net")];

    public DiscordIntents Intents { get; set; } = DiscordIntents.ChatHub;

    /// <summary>Which server-channel messages the bot answers: <c>Mentioned</c> (default) or <c>All</c>.</summary>
    public DiscordGuildMode GuildMessages { get; set; } = DiscordGuildMode.Mentioned;

    /// <summary>Timeout of one REST request.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts of one send (5xx, timeouts, network errors, 429s) before it counts as transient.</summary>
    [Range(1, 20)]
    public int MaxSendAttempts { get; set; } = 5;

    /// <summary>First backoff after a transient failure; doubles per attempt, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest backoff between attempts.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most total rate-limit waiting (bucket resets, 429 retry_after) inside one send; beyond it the send is transient.</summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Requests per second for the whole bot (Discord's global limit is 50).</summary>
    [Range(1, 1000)]
    public int GlobalRequestsPerSecond { get; set; } = 50;

    /// <summary>How often the typing indicator is re-posted while a reply is produced (Discord shows it for 10 s).</summary>
    public TimeSpan TypingInterval { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Typing stops after this long even if no reply came.</summary>
    public TimeSpan MaxTypingDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Least time between two progressive edits of a streamed reply (the final edit always goes out).</summary>
    public TimeSpan MinEditInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the delivery state of a reply (its Discord message ids) is kept for edits and retries.</summary>
    public TimeSpan ReplyStateTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Timeout of opening the gateway WebSocket and receiving HELLO.</summary>
    public TimeSpan GatewayConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait after a failed gateway attempt; doubles per failure, with jitter.</summary>
    public TimeSpan ReconnectBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between gateway attempts.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    public override string ToString() => ToString(includeSecrets: false);

    /// <summary>The settings for diagnostics; the token only when asked for.</summary>
    public string ToString(bool includeSecrets) =>
        $"Token={(Token is null ? "(none)" : includeSecrets ? Token : "***")}, ApiBaseUrl={ApiBaseUrl}, Intents={Intents}, GuildMessages={GuildMessages}";
}
