using ChatHub.Conversation.Usage;
using ChatHub.Sqlite.Database;
using Microsoft.Extensions.Options;

namespace ChatHub.Sqlite.Stores;

/// <summary>
/// Usage in table <c>usage</c> (hub user, day number, platform, bot → the counters of <see cref="UsageCounts.Names"/>;
/// the totals across people under hub user <c>*</c>) and the budget notices in <c>usage_notices</c> (hub user, period →
/// expiry). A batch is one write of the single writer: every row an upsert adding its counts, to the person's row and the
/// day's total, after deleting (a chunk of) the days older than <see cref="UsageOptions.Retention"/>.
/// </summary>
public sealed class SqliteUsageStore : IUsageStore
{
    private static readonly string Columns = string.Join(", ", UsageCounts.Names);

    private static readonly string Upsert =
        $"INSERT INTO usage (hub_user, day, platform, bot, {Columns}) VALUES ($p0, $p1, $p2, $p3, "
        + string.Join(", ", UsageCounts.Names.Select((_, i) => "$p" + (i + 4)))
        + ") ON CONFLICT (hub_user, day, platform, bot) DO UPDATE SET "
        + string.Join(", ", UsageCounts.Names.Select(n => $"{n} = {n} + excluded.{n}"));

    private static readonly string Select =
        $"SELECT day, platform, bot, {Columns} FROM usage WHERE hub_user = $p0 AND day >= $p1 AND day <= $p2 AND day >= $p3 ORDER BY day, platform, bot";

    private readonly SqliteDatabase _db;
    private readonly TimeSpan _retention;

    public SqliteUsageStore(SqliteDatabase database, IOptions<UsageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _db = database ?? throw new ArgumentNullException(nameof(database));
        _retention = options.Value.Retention;
    }

    public async ValueTask AddAsync(IReadOnlyCollection<UsageRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var oldest = Oldest;
        await _db.WriteAsync(s =>
        {
            s.Execute("""
                DELETE FROM usage WHERE (hub_user, day, platform, bot) IN
                    (SELECT hub_user, day, platform, bot FROM usage WHERE day < $p0 LIMIT 5000)
                """, oldest);
            foreach (var row in rows.Where(r => r.Day.DayNumber >= oldest))
            {
                s.Execute(Upsert, Values(row.HubUserId, row));
                s.Execute(Upsert, Values(UsageRow.AllPeople, row));
            }

            return 0;
        });
    }

    public ValueTask<IReadOnlyList<UsageRow>> GetAsync(string hubUserId, DateOnly first, DateOnly last, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<UsageRow>>(Read(hubUserId, first, last));

    public ValueTask<IReadOnlyList<UsageRow>> GetTotalsAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<UsageRow>>(Read(UsageRow.AllPeople, first, last));

    public async ValueTask<bool> TryMarkNoticeAsync(string hubUserId, string period, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        await _db.WriteAsync(s =>
        {
            s.Execute("DELETE FROM usage_notices WHERE hub_user = $p0 AND period = $p1 AND expires_at <= $p2", hubUserId, period, _db.Now);
            return s.Execute("INSERT OR IGNORE INTO usage_notices (hub_user, period, expires_at) VALUES ($p0, $p1, $p2)",
                hubUserId, period, expiresAt.UtcTicks) == 1;
        });

    public async ValueTask<int> EraseAsync(string hubUserId, CancellationToken cancellationToken)
    {
        var oldest = Oldest;
        return await _db.WriteAsync(s =>
        {
            var live = (int)(s.Int64("SELECT COUNT(*) FROM usage WHERE hub_user = $p0 AND day >= $p1", hubUserId, oldest) ?? 0);
            s.Execute("DELETE FROM usage WHERE hub_user = $p0", hubUserId);
            s.Execute("DELETE FROM usage_notices WHERE hub_user = $p0", hubUserId);
            return live;
        });
    }

    private int Oldest => UsageOptions.OldestKept(_db.Time.GetUtcNow(), _retention).DayNumber;

    private static object?[] Values(string hubUserId, UsageRow row)
    {
        var values = new object?[4 + UsageCounts.Names.Length];
        values[0] = hubUserId;
        values[1] = row.Day.DayNumber;
        values[2] = row.Platform;
        values[3] = row.Bot;
        for (var i = 0; i < UsageCounts.Names.Length; i++)
        {
            values[4 + i] = row.Counts.Get(i);
        }

        return values;
    }

    private List<UsageRow> Read(string hubUserId, DateOnly first, DateOnly last) => _db.Read(s => s.Query(
        Select,
        r =>
        {
            var counts = new long[UsageCounts.Names.Length];
            for (var i = 0; i < counts.Length; i++)
            {
                counts[i] = r.GetInt64(3 + i);
            }

            return new UsageRow(DateOnly.FromDayNumber((int)r.GetInt64(0)), hubUserId, r.GetString(1), r.GetString(2), UsageCounts.From(counts));
        },
        hubUserId, first.DayNumber, last.DayNumber, Oldest));
}
