using System.Globalization;
using ChatHub.Conversation.Usage;
using ChatHub.Redis.Connection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatHub.Redis.Conversation;

/// <summary>
/// Usage on Redis: a hash per person and UTC day (<c>usage:person:{id}:{yyyy-MM-dd}</c>) and one per day for the totals
/// across people (<c>usage:total:{yyyy-MM-dd}</c>), fields <c>{counter}|{platform}|{bot}</c> → count, both expiring
/// <see cref="UsageOptions.Retention"/> after the day's end; each row of a batch is one script (HINCRBY on both, PEXPIRE).
/// A budget notice is a string per person and period (<c>usage:notice:{id}:{period}</c>, <c>SET NX PX</c> until the
/// period ends). Erasure deletes the person's day keys of the retention window and the notices that can still be live.
/// </summary>
public sealed class RedisUsageStore : IUsageStore
{
    /// <summary>KEYS: the person's day, the day's total. ARGV: ttl (ms), then field, count pairs.</summary>
    private const string AddScript = """
        for i = 2, #ARGV, 2 do
          redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])
          redis.call('HINCRBY', KEYS[2], ARGV[i], ARGV[i + 1])
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        redis.call('PEXPIRE', KEYS[2], ARGV[1])
        return 1
        """;

    private readonly RedisConnection _redis;
    private readonly RedisKeyspace _keys;
    private readonly TimeSpan _retention;
    private readonly TimeProvider _time;

    public RedisUsageStore(RedisConnection redis, RedisKeyspace keys, IOptions<UsageOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis ?? throw new ArgumentNullException(nameof(redis));
        _keys = keys ?? throw new ArgumentNullException(nameof(keys));
        _retention = options.Value.Retention;
        _time = time;
    }

    public async ValueTask AddAsync(IReadOnlyCollection<UsageRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var now = _time.GetUtcNow();
        var writes = new List<Task>(rows.Count);
        foreach (var row in rows)
        {
            var ttl = (long)Math.Ceiling((Start(row.Day.AddDays(1)) + _retention - now).TotalMilliseconds);
            if (ttl <= 0)
            {
                continue;
            }

            var args = new List<RedisValue>(1 + 2 * UsageCounts.Names.Length) { ttl };
            for (var i = 0; i < UsageCounts.Names.Length; i++)
            {
                if (row.Counts.Get(i) is var count and not 0)
                {
                    args.Add(string.Concat(UsageCounts.Names[i], "|", row.Platform, "|", row.Bot));
                    args.Add(count);
                }
            }

            writes.Add(_redis.Database.ScriptEvaluateAsync(AddScript, [Person(row.HubUserId, row.Day), Total(row.Day)], [.. args]));
        }

        await Task.WhenAll(writes).WaitAsync(cancellationToken);
    }

    public ValueTask<IReadOnlyList<UsageRow>> GetAsync(string hubUserId, DateOnly first, DateOnly last, CancellationToken cancellationToken) =>
        ReadAsync(hubUserId, day => Person(hubUserId, day), first, last, cancellationToken);

    public ValueTask<IReadOnlyList<UsageRow>> GetTotalsAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken) =>
        ReadAsync(UsageRow.AllPeople, Total, first, last, cancellationToken);

    public async ValueTask<bool> TryMarkNoticeAsync(string hubUserId, string period, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var ttl = expiresAt - _time.GetUtcNow();
        if (ttl <= TimeSpan.Zero)
        {
            return true; // the period is over: nothing to remember
        }

        return await _redis.Database.StringSetAsync(Notice(hubUserId, period), "1", ttl, When.NotExists).WaitAsync(cancellationToken);
    }

    public async ValueTask<int> EraseAsync(string hubUserId, CancellationToken cancellationToken)
    {
        var (oldest, today) = Window();
        var days = Enumerable.Range(0, today.DayNumber - oldest.DayNumber + 2).Select(oldest.AddDays).ToList();
        var live = await GetAsync(hubUserId, oldest, today.AddDays(1), cancellationToken);
        var keys = days.Select(day => Person(hubUserId, day))
            .Concat(new[] { today.AddDays(-1), today, today.AddDays(1) }.SelectMany(d => new[] { BudgetPeriods.Day(d), BudgetPeriods.Month(d) })
                .Distinct(StringComparer.Ordinal).Select(period => Notice(hubUserId, period)))
            .ToArray();
        await _redis.Database.KeyDeleteAsync(keys).WaitAsync(cancellationToken);
        return live.Count;
    }

    private async ValueTask<IReadOnlyList<UsageRow>> ReadAsync(
        string hubUserId, Func<DateOnly, RedisKey> key, DateOnly first, DateOnly last, CancellationToken cancellationToken)
    {
        var (oldest, _) = Window();
        if (first < oldest)
        {
            first = oldest;
        }

        if (last < first)
        {
            return [];
        }

        var days = Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(first.AddDays).ToList();
        var hashes = await Task.WhenAll(days.Select(day => _redis.Database.HashGetAllAsync(key(day)))).WaitAsync(cancellationToken);
        var rows = new List<UsageRow>();
        for (var d = 0; d < days.Count; d++)
        {
            var byPlace = new Dictionary<(string Platform, string Bot), long[]>();
            foreach (var entry in hashes[d])
            {
                var field = entry.Name.ToString();
                var a = field.IndexOf('|', StringComparison.Ordinal);
                var b = a < 0 ? -1 : field.IndexOf('|', a + 1);
                var index = a < 0 ? -1 : Array.IndexOf(UsageCounts.Names, field[..a]);
                if (b < 0 || index < 0)
                {
                    continue; // not ours
                }

                var place = (field[(a + 1)..b], field[(b + 1)..]);
                if (!byPlace.TryGetValue(place, out var counts))
                {
                    byPlace[place] = counts = new long[UsageCounts.Names.Length];
                }

                counts[index] = (long)entry.Value;
            }

            rows.AddRange(byPlace.Select(p => new UsageRow(days[d], hubUserId, p.Key.Platform, p.Key.Bot, UsageCounts.From(p.Value))));
        }

        return UsageRecorder.Sum(rows);
    }

    private (DateOnly Oldest, DateOnly Today) Window()
    {
        var now = _time.GetUtcNow();
        return (UsageOptions.OldestKept(now, _retention), DateOnly.FromDateTime(now.UtcDateTime));
    }

    private static DateTimeOffset Start(DateOnly day) => new(day, TimeOnly.MinValue, TimeSpan.Zero);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private RedisKey Person(string hubUserId, DateOnly day) => _keys.Key("usage:person", hubUserId + ":" + Day(day));

    private RedisKey Total(DateOnly day) => _keys.Key("usage:total", Day(day));

    private RedisKey Notice(string hubUserId, string period) => _keys.Key("usage:notice", hubUserId + ":" + period);
}
