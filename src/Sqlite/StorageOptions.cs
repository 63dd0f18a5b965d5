namespace ChatHub.Sqlite;

/// <summary>Where the embedded hub keeps its state (<c>Storage:*</c>).</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>The database file inside <see cref="Path"/>.</summary>
    public const string FileName = "chathub.db";

    /// <summary>
    /// <c>sqlite</c> (default): every store and the in-process bus's inbox in one SQLite file, kept across restarts.
    /// <c>memory</c>: nothing kept (tests, benchmarks). A Redis connection string still moves the stores to Redis, and
    /// Kafka the bus, whichever this says.
    /// </summary>
    public string Provider { get; set; } = StorageProviders.Sqlite;

    /// <summary>The folder of the database; relative to the content root. Default: <c>data</c> under the content root.</summary>
    public string? Path { get; set; }

    /// <summary>When a commit is on disk: <see cref="StorageDurability.Full"/> (default) fsyncs every batch.</summary>
    public StorageDurability Durability { get; set; } = StorageDurability.Full;

    /// <summary>Most writes committed in one transaction (one fsync).</summary>
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>How often expired rows (sessions, idempotency keys, codes, counters, transcripts) are deleted.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>True for <c>sqlite</c> (any case).</summary>
    public bool IsSqlite => string.Equals(Provider, StorageProviders.Sqlite, StringComparison.OrdinalIgnoreCase);

    /// <summary>The folder, made absolute against <paramref name="contentRoot"/>.</summary>
    public string ResolveFolder(string contentRoot) =>
        System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(Path) ? System.IO.Path.Combine(contentRoot, "data") : Path, contentRoot);
}

/// <summary>The values of <c>Storage:Provider</c>.</summary>
public static class StorageProviders
{
    public const string Sqlite = "sqlite";
    public const string Memory = "memory";
}

/// <summary>
/// When a commit counts as done (SQLite's <c>synchronous</c> in WAL mode). Every mode survives the hub process being
/// killed: a commit is in the operating system's cache of the file before the caller hears of it.
/// </summary>
public enum StorageDurability
{
    /// <summary>fsync of the log at every commit (one per batch): a commit also survives a power cut or a kernel crash.</summary>
    Full = 0,

    /// <summary>
    /// fsync only at checkpoints: a power cut or kernel crash may lose the last commits (never corrupts the file);
    /// a killed hub loses nothing.
    /// </summary>
    Normal = 1,

    /// <summary>No fsync at all: a power cut may corrupt the file. For throwaway data only.</summary>
    Off = 2,
}
