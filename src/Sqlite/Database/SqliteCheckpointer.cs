using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace ChatHub.Sqlite.Database;

/// <summary>
/// Copies the write-ahead log into the database file on a thread and connection of its own (a PASSIVE checkpoint, which
/// neither waits for nor blocks the writer or the readers), a few times a second while there are new commits. Left to
/// SQLite, the checkpoint runs inside the commit that crossed <c>wal_autocheckpoint</c>: the writer's thread reads the
/// log, writes the pages into the file and fsyncs it, and every write queued meanwhile (the acknowledgements among
/// them) waits. The writer keeps a far higher <c>wal_autocheckpoint</c> as a backstop: when this thread never catches
/// up with the end of the log (so the log cannot start over), the writer's own checkpoint finds most pages copied.
/// </summary>
internal sealed partial class SqliteCheckpointer : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly SqliteSession _session;
    private readonly Func<long> _commits;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly object _gate = new();
    private bool _stopping;

    /// <summary>Starts the thread on its own read-write connection <paramref name="session"/>; <paramref name="commits"/>: the writer's commit count.</summary>
    public SqliteCheckpointer(SqliteSession session, Func<long> commits, ILogger logger)
    {
        _session = session;
        _commits = commits;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "ChatHub SQLite checkpoint" };
        _thread.Start();
    }

    /// <summary>Stops the thread (after the checkpoint under way) and closes its connection.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.Pulse(_gate);
        }

        _thread.Join();
        _session.Dispose();
    }

    private void Run()
    {
        var checkpointedAt = _commits();
        while (true)
        {
            lock (_gate)
            {
                if (!_stopping)
                {
                    Monitor.Wait(_gate, Interval);
                }

                if (_stopping)
                {
                    return;
                }
            }

            var commits = _commits();
            if (commits == checkpointedAt)
            {
                continue;
            }

            try
            {
                _session.Single("PRAGMA wal_checkpoint(PASSIVE)", static _ => 0, 0);
                checkpointedAt = commits;
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6) // BUSY, LOCKED: the writer's own checkpoint runs
            {
            }
            catch (SqliteException ex)
            {
                LogCheckpointFailed(_logger, ex.SqliteErrorCode, ex);
            }
        }
    }

    [LoggerMessage(EventId = 5556, Level = LogLevel.Warning, Message = "A checkpoint of the storage's log failed (SQLite error {Code}); the writer checkpoints by itself")]
    private static partial void LogCheckpointFailed(ILogger logger, int code, Exception exception);
}
