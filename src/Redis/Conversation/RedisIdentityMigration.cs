using ChatHub.Conversation.Retention;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatHub.Redis.Conversation;

/// <summary>
/// At start, moves the identities of the hash used before issue 15 (<c>identity:owners</c>, no expiry) to the expiring
/// per-identity keys of <see cref="RedisIdentityMap"/>, each with a full retention from now, and gives their users'
/// sets an expiry; the hash is gone when it is empty. Every node runs it: each field moves once (a script), whoever
/// gets there first. The stores read the hash until then, so nothing waits for it. Then the routing tables
/// (<c>routes:{id}</c>) and audit logs (<c>audit:{id}</c>) written before issue 15 without an expiry get one (their
/// retention from now; <see cref="ExpireOldKeysAsync"/>). Retried while Redis is unreachable.
/// </summary>
internal sealed class RedisIdentityMigration : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    private readonly Connection.RedisConnection _redis;
    private readonly RedisIdentityMap _identities;
    private readonly RedisKeyspace _keys;
    private readonly RetentionOptions _retention;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisIdentityMigration> _logger;

    public RedisIdentityMigration(
        Connection.RedisConnection redis, RedisIdentityMap identities, RedisKeyspace keys, IOptions<RetentionOptions> retention, TimeProvider time,
        ILogger<RedisIdentityMigration> logger)
    {
        ArgumentNullException.ThrowIfNull(retention);
        _redis = redis;
        _identities = identities;
        _keys = keys;
        _retention = retention.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>One pass over the legacy hash; returns the identities moved.</summary>
    internal async Task<long> MigrateAsync(CancellationToken cancellationToken)
    {
        var moved = 0L;
        // One pass of HSCAN: fields moved during the scan are gone from the hash, which SCAN's guarantees allow.
        await foreach (var entry in _redis.Database.HashScanAsync(_identities.LegacyOwners, pageSize: 500).WithCancellation(cancellationToken))
        {
            if (await _identities.MigrateAsync(entry.Name.ToString(), entry.Value.ToString(), cancellationToken))
            {
                moved++;
            }
        }

        return moved;
    }

    /// <summary>
    /// One SCAN over every primary for <c>routes:*</c> and <c>audit:*</c>: each key without an expiry gets its store's
    /// (routes: the longer identity retention; audit: <see cref="RetentionOptions.Audit"/>). Returns the keys given one.
    /// </summary>
    internal async Task<long> ExpireOldKeysAsync(CancellationToken cancellationToken)
    {
        var routes = _retention.Identities > _retention.WebChatIdentities ? _retention.Identities : _retention.WebChatIdentities;
        var expired = 0L;
        foreach (var (area, ttl) in new[] { ("routes", routes), ("audit", _retention.Audit) })
        {
            var pattern = Glob(_keys.Key(area, "")) + "*";
            foreach (var server in _redis.Multiplexer.GetServers().Where(s => s.IsConnected && !s.IsReplica))
            {
                await foreach (var key in server.KeysAsync(_redis.Database.Database, pattern, pageSize: 500).WithCancellation(cancellationToken))
                {
                    if (await _redis.Database.KeyTimeToLiveAsync(key).WaitAsync(cancellationToken) is null
                        && await _redis.Database.KeyExpireAsync(key, ttl).WaitAsync(cancellationToken))
                    {
                        expired++;
                    }
                }
            }
        }

        return expired;
    }

    /// <summary>Escapes SCAN's glob characters in a key prefix.</summary>
    private static string Glob(string literal) =>
        string.Concat(literal.Select(c => c is '*' or '?' or '[' or ']' or '\\' ? $"\\{c}" : c.ToString()));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await _redis.GetMultiplexerAsync().WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var moved = await MigrateAsync(stoppingToken);
                if (moved > 0)
                {
                    Log.IdentitiesMigrated(_logger, moved);
                }

                var expired = await ExpireOldKeysAsync(stoppingToken);
                if (expired > 0)
                {
                    Log.OldKeysExpired(_logger, expired);
                }

                return;
            }
            catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException or RedisServerException)
            {
                Log.IdentityMigrationFailed(_logger, ex.GetType().Name, RetryDelay, ex); // loop boundary: try again later
                await Task.Delay(RetryDelay, _time, stoppingToken);
            }
        }
    }
}
