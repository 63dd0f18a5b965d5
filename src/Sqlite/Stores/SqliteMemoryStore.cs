using ChatHub.Conversation.Memory;
using ChatHub.Conversation.Retention;
using ChatHub.Sqlite.Database;
using Microsoft.Extensions.Options;

namespace ChatHub.Sqlite.Stores;

/// <summary>
/// Memory in tables <c>memories</c> (hub user, id → saved time, text) and <c>memory_settings</c> (hub users who allowed
/// their memory in group chats, and when). Rows older than <see cref="RetentionOptions.Memories"/> read as absent and
/// are deleted by the retention sweep; an add counts the live rows and inserts in one write of the single writer, so
/// the cap holds under concurrent adds.
/// </summary>
public sealed class SqliteMemoryStore : IMemoryStore
{
    private readonly SqliteDatabase _db;
    private readonly MemoryOptions _options;
    private readonly RetentionOptions _retention;

    public SqliteMemoryStore(SqliteDatabase database, IOptions<MemoryOptions> options, IOptions<RetentionOptions> retention)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(retention);
        _db = database ?? throw new ArgumentNullException(nameof(database));
        _options = options.Value;
        _retention = retention.Value;
    }

    public ValueTask<IReadOnlyList<MemoryEntry>> GetAsync(string hubUserId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<MemoryEntry>>(_db.Read(s => Live(s, hubUserId, Cutoff)));

    public async ValueTask<MemoryAddOutcome> AddAsync(string hubUserId, MemoryEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return await _db.WriteAsync(s =>
        {
            var cutoff = Cutoff;
            s.Execute("DELETE FROM memories WHERE hub_user = $p0 AND saved_at <= $p1", hubUserId, cutoff);
            if (s.Int64("SELECT 1 FROM memories WHERE hub_user = $p0 AND id = $p1", hubUserId, entry.Id) is not null)
            {
                return MemoryAddOutcome.Duplicate;
            }

            if (s.Int64("SELECT COUNT(*) FROM memories WHERE hub_user = $p0", hubUserId) >= _options.MaxEntries)
            {
                return MemoryAddOutcome.Full;
            }

            Insert(s, hubUserId, entry);
            return MemoryAddOutcome.Added;
        });
    }

    public async ValueTask<bool> RemoveAsync(string hubUserId, string id, CancellationToken cancellationToken) =>
        await _db.WriteAsync(s => s.Execute("DELETE FROM memories WHERE hub_user = $p0 AND id = $p1 AND saved_at > $p2", hubUserId, id, Cutoff) > 0);

    public async ValueTask<int> ClearAsync(string hubUserId, CancellationToken cancellationToken) =>
        await _db.WriteAsync(s =>
        {
            var live = (int)(s.Int64("SELECT COUNT(*) FROM memories WHERE hub_user = $p0 AND saved_at > $p1", hubUserId, Cutoff) ?? 0);
            s.Execute("DELETE FROM memories WHERE hub_user = $p0", hubUserId);
            return live;
        });

    public async ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken)
    {
        if (fromHubUserId == intoHubUserId)
        {
            return;
        }

        await _db.WriteAsync(s =>
        {
            var cutoff = Cutoff;
            var moving = Live(s, fromHubUserId, cutoff);
            s.Execute("DELETE FROM memories WHERE hub_user = $p0", fromHubUserId);
            s.Execute("DELETE FROM memory_settings WHERE hub_user = $p0", fromHubUserId);
            if (moving.Count == 0)
            {
                return;
            }

            var merged = InMemoryMemoryStore.Merge(Live(s, intoHubUserId, cutoff), moving, _options.MaxEntries);
            s.Execute("DELETE FROM memories WHERE hub_user = $p0", intoHubUserId);
            foreach (var entry in merged)
            {
                Insert(s, intoHubUserId, entry);
            }
        });
    }

    public ValueTask<bool> GetGroupsEnabledAsync(string hubUserId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_db.Read(s => s.Int64("SELECT 1 FROM memory_settings WHERE hub_user = $p0 AND set_at > $p1", hubUserId, Cutoff)) is not null);

    public async ValueTask SetGroupsEnabledAsync(string hubUserId, bool enabled, CancellationToken cancellationToken) =>
        await _db.WriteAsync(s => enabled
            ? s.Execute("""
                INSERT INTO memory_settings (hub_user, set_at) VALUES ($p0, $p1) ON CONFLICT DO UPDATE SET set_at = excluded.set_at
                """, hubUserId, _db.Now)
            : s.Execute("DELETE FROM memory_settings WHERE hub_user = $p0", hubUserId));

    private long Cutoff => _db.Now - _retention.Memories.Ticks;

    private static List<MemoryEntry> Live(SqliteSession s, string hubUserId, long cutoff) => s.Query(
        "SELECT id, saved_at, text FROM memories WHERE hub_user = $p0 AND saved_at > $p1 ORDER BY saved_at, id",
        static r => new MemoryEntry(r.GetString(0), r.GetString(2), new DateTimeOffset(r.GetInt64(1), TimeSpan.Zero)), hubUserId, cutoff);

    private static void Insert(SqliteSession s, string hubUserId, MemoryEntry entry) =>
        s.Execute("INSERT INTO memories (hub_user, id, saved_at, text) VALUES ($p0, $p1, $p2, $p3)", hubUserId, entry.Id, entry.SavedAt.UtcTicks, entry.Text);
}
