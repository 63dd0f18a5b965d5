using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Retention;
using ChatHub.Redis.Conversation;
using ChatHub.Redis.Tests.Backends;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>
/// Identities written before issue 15 (one hash <c>identity:owners</c>, no expiry) are read as they are, move to the
/// expiring per-identity keys when touched, and all of them at start (<see cref="RedisIdentityMigration"/>).
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisIdentityLayoutMigrationTests(RedisBackend backend)
{
    private static readonly PlatformIdentity Telegram = new("telegram", "42");
    private static readonly PlatformIdentity Web = new("webchat", "c_old");

    private readonly RedisKeyspace _keys = new($"m-{Guid.NewGuid():N}:");

    private async Task WriteOldLayoutAsync()
    {
        var db = backend.Connection.Database;
        await db.HashSetAsync(_keys.Key("identity:owners"), [new("telegram:42", "u_old"), new("webchat:c_old", "u_old")]).DefaultTimeout();
        await db.SetAddAsync(_keys.Key("identity:user", "u_old"), ["telegram:42", "webchat:c_old"]).DefaultTimeout();
    }

    private RedisIdentityMap Map() => new(backend.Connection, _keys, Options.Create(new RetentionOptions()));

    private RedisIdentityMigration Migration(RedisIdentityMap map) =>
        new(backend.Connection, map, _keys, Options.Create(new RetentionOptions()), TimeProvider.System, NullLogger<RedisIdentityMigration>.Instance);

    [Fact]
    public async Task Migration_GivesRoutesAndAuditLogsWithoutAnExpiryTheirRetention_LeavesOthersAlone()
    {
        var db = backend.Connection.Database;
        await db.HashSetAsync(_keys.Key("routes", "u_old"), "telegram", "0|{}").DefaultTimeout();
        await db.ListRightPushAsync(_keys.Key("audit", "u_old"), "entry").DefaultTimeout();
        await db.StringSetAsync(_keys.Key("audit", "u_new"), "x", TimeSpan.FromHours(1)).DefaultTimeout();
        await db.StringSetAsync(_keys.Key("sessions", "u_old"), "x").DefaultTimeout();

        var expired = await Migration(Map()).ExpireOldKeysAsync(default).DefaultTimeout();

        Assert.Equal(2, expired);
        Assert.InRange((await db.KeyTimeToLiveAsync(_keys.Key("routes", "u_old")).DefaultTimeout())!.Value, TimeSpan.FromDays(364), TimeSpan.FromDays(365));
        Assert.InRange((await db.KeyTimeToLiveAsync(_keys.Key("audit", "u_old")).DefaultTimeout())!.Value, TimeSpan.FromDays(364), TimeSpan.FromDays(365));
        Assert.True((await db.KeyTimeToLiveAsync(_keys.Key("audit", "u_new")).DefaultTimeout())!.Value <= TimeSpan.FromHours(1));
        Assert.Null(await db.KeyTimeToLiveAsync(_keys.Key("sessions", "u_old")).DefaultTimeout());
        Assert.Equal(0, await Migration(Map()).ExpireOldKeysAsync(default).DefaultTimeout());
    }

    [Fact]
    public async Task OldLayout_ReadAsItIs_MovedWhenResolved()
    {
        await WriteOldLayoutAsync();
        var map = Map();

        Assert.Equal("u_old", await map.FindAsync(Web, default).DefaultTimeout());
        Assert.Equal([Telegram, Web], await map.GetIdentitiesAsync("u_old", default).DefaultTimeout());
        Assert.Equal("u_old", await map.ResolveAsync(Telegram, default).DefaultTimeout());

        var db = backend.Connection.Database;
        Assert.False(await db.HashExistsAsync(_keys.Key("identity:owners"), "telegram:42").DefaultTimeout());
        Assert.True((await db.KeyTimeToLiveAsync(_keys.Key("identity:owner", "telegram:42")).DefaultTimeout()) > TimeSpan.FromDays(364));
        Assert.Equal([Telegram, Web], await map.GetIdentitiesAsync("u_old", default).DefaultTimeout());
    }

    [Fact]
    public async Task Migration_MovesEveryIdentity_GivesExpiries_LeavesNoHash()
    {
        await WriteOldLayoutAsync();
        var map = Map();
        var migration = Migration(map);

        Assert.Equal(2, await migration.MigrateAsync(default).DefaultTimeout());

        var db = backend.Connection.Database;
        Assert.False(await db.KeyExistsAsync(_keys.Key("identity:owners")).DefaultTimeout());
        var web = await db.KeyTimeToLiveAsync(_keys.Key("identity:owner", "webchat:c_old")).DefaultTimeout();
        Assert.InRange(web!.Value, TimeSpan.FromDays(29), TimeSpan.FromDays(30)); // the web chat's own retention
        Assert.NotNull(await db.KeyTimeToLiveAsync(_keys.Key("identity:user", "u_old")).DefaultTimeout());
        Assert.Equal("u_old", await map.FindAsync(Telegram, default).DefaultTimeout());
        Assert.Equal(0, await migration.MigrateAsync(default).DefaultTimeout());
    }
}
