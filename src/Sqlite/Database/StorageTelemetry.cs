using System.Diagnostics.Metrics;
using ChatHub.Conversation.Telemetry;

namespace ChatHub.Sqlite.Database;

/// <summary>
/// The storage's instruments on the hub's meter (so <c>/metrics</c> shows them): commits, fsyncs, batch sizes, commit
/// time, and the size of the database file and its write-ahead log.
/// </summary>
internal static class StorageTelemetry
{
    public static readonly Counter<long> Commits = ChatHubTelemetry.Meter.CreateCounter<long>(
        "chathub.storage.commits", description: "Transactions committed by the storage writer (one per batch)");

    public static readonly Counter<long> Fsyncs = ChatHubTelemetry.Meter.CreateCounter<long>(
        "chathub.storage.fsyncs", description: "Commits synced to disk (Storage:Durability=Full: every commit)");

    public static readonly Histogram<int> BatchSize = ChatHubTelemetry.Meter.CreateHistogram<int>(
        "chathub.storage.batch_size", description: "Writes per committed batch",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500] });

    public static readonly Histogram<double> CommitDuration = ChatHubTelemetry.Meter.CreateHistogram<double>(
        "chathub.storage.commit.duration", unit: "s", description: "Time to run and commit one batch",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25] });

    private static readonly List<SqliteDatabase> Open = [];

    static StorageTelemetry()
    {
        ChatHubTelemetry.Meter.CreateObservableGauge(
            "chathub.storage.size", ObserveSize, unit: "By", description: "Size of the database file and its write-ahead log");
    }

    public static void Register(SqliteDatabase database)
    {
        lock (Open)
        {
            Open.Add(database);
        }
    }

    public static void Unregister(SqliteDatabase database)
    {
        lock (Open)
        {
            Open.Remove(database);
        }
    }

    private static IEnumerable<Measurement<long>> ObserveSize()
    {
        SqliteDatabase[] open;
        lock (Open)
        {
            open = [.. Open];
        }

        foreach (var database in open)
        {
            yield return new Measurement<long>(SizeOf(database.FilePath), new KeyValuePair<string, object?>("file", "db"));
            yield return new Measurement<long>(SizeOf(database.FilePath + "-wal"), new KeyValuePair<string, object?>("file", "wal"));
        }
    }

    private static long SizeOf(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? file.Length : 0;
    }
}
