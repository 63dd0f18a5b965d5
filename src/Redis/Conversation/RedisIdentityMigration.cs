using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace ChatHub.Redis.Conversation;

/// <summary>
/// At start, moves the identities of the hash used before issue 15 (<c>identity:owners</c>, no expiry) to the expiring
/// per-identity keys of <see cref="RedisIdentityMap"/>, each with a full retention from now, and gives their users'
/// sets an expiry; the hash is gone when it is empty. Every node runs it: each field moves once (a script), whoever
/// gets there first. The stores read the hash until then, so nothing waits for it. Retried while Redis is unreachable.
/// </summary>
internal sealed class RedisIdentityMigration : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    private readonly Connection.RedisConnection _redis;
    private readonly RedisIdentityMap _identities;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisIdentityMigration> _logger;

    public RedisIdentityMigration(Connection.RedisConnection redis, RedisIdentityMap identities, TimeProvider time, ILogger<RedisIdentityMigration> logger)
    {
        _redis = redis;
        _identities = identities;
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
