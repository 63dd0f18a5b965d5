using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace ChatHub.Sqlite.Database;

/// <summary>
/// The hub's SQLite file, open for one process: a lock file next to it (held until the process ends, released by the
/// kernel when it is killed) refuses a second hub on the same folder; one writer connection (<see cref="SqliteWriter"/>:
/// a queue, group commit) and a pool of read-only connections, which WAL mode lets read while the writer writes. Every
/// connection waits up to 5 s on a lock (<c>busy_timeout</c>), e.g. while <c>chathub backup</c> copies the file.
/// </summary>
public sealed partial class SqliteDatabase : IDisposable
{
    private const int MaxIdleReaders = 32;

    private readonly ConcurrentBag<SqliteSession> _readers = [];
    private readonly string _readerConnectionString;
    private readonly FileStream _lock;
    private readonly SqliteSession _writerSession;
    private readonly SqliteWriter _writer;
    private readonly SqliteCheckpointer _checkpointer;
    private int _disposed;

    public SqliteDatabase(string folder, StorageDurability durability, int maxBatchSize, TimeProvider time, ILogger<SqliteDatabase> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        Folder = Path.GetFullPath(folder);
        FilePath = Path.Combine(Folder, StorageOptions.FileName);
        Durability = durability;
        Time = time;
        _lock = TakeLock(Folder);
        SqliteSession checkpointSession;
        try
        {
            var writerConnectionString = new SqliteConnectionStringBuilder
            {
                DataSource = FilePath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, Cache = SqliteCacheMode.Private,
            }.ToString();
            _readerConnectionString = new SqliteConnectionStringBuilder
            {
                DataSource = FilePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false, Cache = SqliteCacheMode.Private,
            }.ToString();
            _writerSession = OpenWriter(Folder, writerConnectionString, durability, time.GetUtcNow().UtcTicks);
            try
            {
                checkpointSession = OpenCheckpointer(writerConnectionString, durability);
            }
            catch
            {
                _writerSession.Dispose();
                throw;
            }
        }
        catch
        {
            _lock.Dispose();
            throw;
        }

        // Full: the writer fsyncs the log itself (before an acknowledged message's publish returns, and when idle), so
        // that the other writes need not wait for a disk flush; SQLite runs at synchronous=NORMAL underneath.
        FileStream[] logs = durability == StorageDurability.Full ? [OpenLog(), OpenLog()] : [];
        _writer = new SqliteWriter(_writerSession, maxBatchSize, logs, logger);
        _checkpointer = new SqliteCheckpointer(checkpointSession, () => _writer.Commits, logger);
        StorageTelemetry.Register(this);
        LogOpened(logger, FilePath, durability);
    }

    private FileStream OpenLog() => new(FilePath + "-wal", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);

    /// <summary>The folder (<c>Storage:Path</c>, absolute).</summary>
    public string Folder { get; }

    /// <summary>The database file.</summary>
    public string FilePath { get; }

    public StorageDurability Durability { get; }

    /// <summary>The clock every expiry is measured on.</summary>
    public TimeProvider Time { get; }

    /// <summary>Now, as stored: UTC ticks.</summary>
    public long Now => Time.GetUtcNow().UtcTicks;

    /// <summary>Batches committed so far.</summary>
    public long Commits => _writer.Commits;

    /// <summary>fsyncs of the write-ahead log so far (<see cref="StorageDurability.Full"/> only).</summary>
    public long Fsyncs => _writer.Fsyncs;

    /// <summary>
    /// Runs <paramref name="write"/> in the writer's next batch; completes after that batch committed (readers see it, a
    /// killed process keeps it). <paramref name="durable"/>: also after the log was fsynced (Full), for a write that is
    /// acknowledged outside the process; other writes reach the disk with the next fsync, milliseconds later.
    /// </summary>
    internal Task<T> WriteAsync<T>(Func<SqliteSession, T> write, bool durable = false) => _writer.WriteAsync(write, durable);

    internal async Task WriteAsync(Action<SqliteSession> write) =>
        await _writer.WriteAsync(
            session =>
            {
                write(session);
                return true;
            },
            durable: false);

    /// <summary>
    /// Queues a write nobody awaits: it commits in order with the others; <paramref name="committed"/> runs on the writer's
    /// thread after the commit (keep it short), <paramref name="failed"/> if it could not be written.
    /// </summary>
    internal void WriteBehind(Action<SqliteSession> write, Action committed, Action<Exception> failed) => _writer.WriteUnawaited(write, committed, failed);

    /// <summary>Deletes a handled message's row of <c>bus_messages</c> with the next batch (one statement for all queued).</summary>
    internal void ForgetBusMessage(long id) => _writer.Forget(id);

    /// <summary>The leases of this process and the done markers not yet committed (<see cref="Stores.SqliteIdempotencyStore"/>).</summary>
    internal LeaseTable Leases { get; } = new();

    /// <summary>Runs <paramref name="read"/> on a read-only connection: it sees every batch committed before it began.</summary>
    internal T Read<T>(Func<SqliteSession, T> read)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var session = _readers.TryTake(out var idle) ? idle : OpenReader();
        try
        {
            return read(session);
        }
        finally
        {
            if (_readers.Count < MaxIdleReaders && Volatile.Read(ref _disposed) == 0)
            {
                _readers.Add(session);
            }
            else
            {
                session.Dispose();
            }
        }
    }

    /// <summary>Copies the database to <paramref name="destination"/> with SQLite's online backup, while writes go on.</summary>
    public void BackupTo(string destination) => Backup(FilePath, destination);

    /// <summary>
    /// SQLite's online backup of the database at <paramref name="source"/> (another process may be writing it) into a new
    /// file <paramref name="destination"/>: a consistent copy of one moment, itself a complete database (no WAL beside it).
    /// </summary>
    public static void Backup(string source, string destination)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentException.ThrowIfNullOrEmpty(destination);
        using var from = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        from.Open();
        using (var busy = from.CreateCommand())
        {
            busy.CommandText = "PRAGMA busy_timeout = 5000";
            busy.ExecuteNonQuery();
        }

        using var to = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = destination, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false,
        }.ToString());
        to.Open();
        from.BackupDatabase(to);
        using var journal = to.CreateCommand();
        journal.CommandText = "PRAGMA journal_mode = DELETE"; // a single file, whatever the source's mode
        journal.ExecuteNonQuery();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        StorageTelemetry.Unregister(this);
        _checkpointer.Dispose();
        _writer.Dispose(); // commits what is queued
        _writerSession.Dispose();
        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }

        _lock.Dispose();
    }

    private static SqliteSession OpenWriter(string folder, string connectionString, StorageDurability durability, long now)
    {
        SqliteSession? session = null;
        try
        {
            session = new SqliteSession(connectionString);
            session.Execute("PRAGMA busy_timeout = 5000");
            if (!string.Equals(session.Text("PRAGMA journal_mode = WAL"), "wal", StringComparison.OrdinalIgnoreCase))
            {
                ThrowNotWritable(folder, "the file system does not support SQLite's WAL mode");
            }

            // Full and Normal: commits are not synced by SQLite (WAL, synchronous=NORMAL: the log is synced before each
            // checkpoint, the file after it); with Full the writer fsyncs the log itself (SqliteWriter).
            session.Execute(durability == StorageDurability.Off ? "PRAGMA synchronous = OFF" : "PRAGMA synchronous = NORMAL");
            // The writer's page cache: 8 MiB (2,048 pages, room for the dirty pages of the largest batch). Not more: every
            // commit ends in sqlite3PcacheTruncate, which here walks the cache's whole hash table (perf: pager_end_transaction
            // → pcache1TruncateUnsafe was 4–5 % of the hub's CPU with 64 MiB, under 1 % with 8 MiB), while a page that is not
            // cached is read from the operating system's cache of the file at the cost of a copy.
            // The log is copied into the file by SqliteCheckpointer's thread; the writer checkpoints by itself only past
            // 64 MiB of log (the other thread never caught up with its end).
            session.Execute("PRAGMA cache_size = -8192");
            session.Execute("PRAGMA wal_autocheckpoint = 16000");
            session.Execute("BEGIN IMMEDIATE");
            session.Execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID");
            var version = session.Int64("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'schema_version'");
            if (version is > SqliteSchema.Version)
            {
                throw new InvalidOperationException(
                    $"The database {session.Connection.DataSource} has schema version {version}, newer than this hub's ({SqliteSchema.Version}): a newer hub wrote it.");
            }

            if (version is 1)
            {
                foreach (var statement in SqliteSchema.Migrations)
                {
                    if (statement.Contains("$p0", StringComparison.Ordinal))
                    {
                        session.Execute(statement, now);
                    }
                    else
                    {
                        session.Execute(statement);
                    }
                }
            }

            using (var create = session.Connection.CreateCommand())
            {
                create.CommandText = SqliteSchema.Create; // several statements, so not a prepared one
                create.ExecuteNonQuery();
            }

            session.Execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', $p0)", SqliteSchema.Version);

            session.Execute("COMMIT");
            return session;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 3 or 8 or 10 or 13 or 14) // PERM, READONLY, IOERR, FULL, CANTOPEN
        {
            session?.Dispose();
            ThrowNotWritable(folder, ex.Message);
            throw;
        }
        catch
        {
            session?.Dispose();
            throw;
        }
    }

    /// <summary>The checkpointer's connection: read-write, syncing the file after each checkpoint unless durability is Off.</summary>
    private static SqliteSession OpenCheckpointer(string connectionString, StorageDurability durability)
    {
        var session = new SqliteSession(connectionString);
        try
        {
            session.Execute("PRAGMA busy_timeout = 5000");
            session.Execute(durability == StorageDurability.Off ? "PRAGMA synchronous = OFF" : "PRAGMA synchronous = NORMAL");
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private SqliteSession OpenReader()
    {
        var session = new SqliteSession(_readerConnectionString);
        session.Execute("PRAGMA busy_timeout = 5000");
        session.Execute("PRAGMA mmap_size = 268435456"); // reads from the mapped file, not through a page cache per reader
        return session;
    }

    private static FileStream TakeLock(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            ThrowNotWritable(folder, ex.Message);
        }

        var path = Path.Combine(folder, StorageOptions.FileName + ".lock");
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix: a second hub on this folder fails here.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (UnauthorizedAccessException ex)
        {
            ThrowNotWritable(folder, ex.Message);
            throw;
        }
        catch (IOException ex) when (File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Storage:Path '{folder}' is in use by another hub process ({ex.Message}). One embedded hub per data folder: stop the other one, or give this one another Storage:Path.", ex);
        }
        catch (IOException ex)
        {
            ThrowNotWritable(folder, ex.Message);
            throw;
        }
    }

    [DoesNotReturn]
    private static void ThrowNotWritable(string folder, string reason) =>
        throw new InvalidOperationException(
            $"Storage:Path '{folder}' is not writable ({reason}). Set Storage:Path to a writable folder, or Storage:Provider=memory to keep nothing.");

    [LoggerMessage(EventId = 5550, Level = LogLevel.Information, Message = "Storage: SQLite database {Path} (durability {Durability})")]
    private static partial void LogOpened(ILogger logger, string path, StorageDurability durability);
}
