using System.ComponentModel.DataAnnotations;

namespace ChatHub.Redis;

/// <summary>
/// The Redis backend. It is on when <c>ConnectionStrings:Redis</c> is set (see
/// <see cref="RedisServiceCollectionExtensions.AddRedis"/>); the rest lives under <see cref="SectionName"/>.
/// </summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>The name under <c>ConnectionStrings</c>.</summary>
    public const string ConnectionStringName = "Redis";

    /// <summary>
    /// <c>ConnectionStrings:Redis</c> in StackExchange.Redis's format (<c>host:port,password=...,ssl=true</c>). A secret
    /// (it may hold the password): never logged; <c>ConfigurationOptions.ToString(includePassword: false)</c> or
    /// <see cref="Connection.RedisConnection.EndPoint"/> are what may be shown.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Put in front of every key and channel, so several deployments (or tests) can share one server.</summary>
    [Required]
    [RegularExpression(@"^[A-Za-z0-9_.\-:]{1,64}$", ErrorMessage = "Redis:KeyPrefix must be 1-64 characters of A-Z, a-z, 0-9, '_', '.', '-', ':'.")]
    public string KeyPrefix { get; set; } = "chathub:";

    /// <summary>
    /// How long a web-chat conversation's sequence counter outlives its last reply. It is longer than the transcript's
    /// TTL so that a client's catch-up cursor never goes backwards when an idle transcript expires.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan WebChatSequenceTtl { get; set; } = TimeSpan.FromDays(30);
}
