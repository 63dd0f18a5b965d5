using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ChatHub.Sqlite.Database;

/// <summary>
/// The only connection that writes, on a thread of its own. Writes queue up while the previous batch commits; the
/// thread then runs everything queued (up to <see cref="StorageOptions.MaxBatchSize"/>) in one transaction and commits
/// once: group commit, with no timer (a lone write commits at once, a busy queue batches by itself). A commit is in the
/// operating system's cache of the log at once, so a killed process loses nothing, and readers see it. With
/// <see cref="StorageDurability.Full"/> two more threads fsync the log while there are new commits (one starts while the
/// other's fsync is under way, so a commit waits for about one fsync, not one and a half), each
/// fsync covering every commit before it; a <see cref="WriteOperation.Durable"/> write (a message about to be
/// acknowledged to its platform) completes only after an fsync that began after its commit. The writer never waits for
/// the disk, so writes that are not acknowledged outside (the stores) wait only for their commit. A write that throws
/// rolls its batch back; the batch's writes are then run one per transaction, so only the failing one fails.
/// </summary>
internal sealed partial class SqliteWriter : IDisposable
{
    private readonly SqliteSession _session;
    private readonly int _maxBatch;
    private readonly FileStream[] _logs;
    private readonly ILogger _logger;
    private readonly Queue<WriteOperation> _queue = new();
    private readonly Thread _thread;
    private readonly Thread[] _syncThreads;
    private readonly Queue<(long Commit, WriteOperation Operation)> _awaitingSync = new(); // guarded by itself
    private bool _stopping;
    private bool _syncStopping;
    private long _committed; // commits so far (written by the writer thread)
    private long _syncStarted; // commits covered by an fsync under way or done (guarded by _awaitingSync)

    /// <summary>Starts the writer thread on <paramref name="session"/>; <paramref name="logs"/>: the write-ahead log to fsync,
    /// one handle per sync thread (two), or none
    /// (<see cref="StorageDurability.Full"/>), or null to leave syncing to SQLite's checkpoints.</summary>
    public SqliteWriter(SqliteSession session, int maxBatch, FileStream[] logs, ILogger logger)
    {
        _session = session;
        _maxBatch = maxBatch;
        _logs = logs;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "ChatHub SQLite writer" };
        _thread.Start();
        _syncThreads = [.. logs.Select(log => new Thread(() => RunSync(log)) { IsBackground = true, Name = "ChatHub SQLite fsync" })];
        foreach (var syncThread in _syncThreads)
        {
            syncThread.Start();
        }
    }

    /// <summary>Commits so far (each one fsync in <see cref="StorageDurability.Full"/> mode).</summary>
    public long Commits => Interlocked.Read(ref _committed);

    public Task<T> WriteAsync<T>(Func<SqliteSession, T> body, bool durable)
    {
        var operation = new WriteOperation<T>(body) { Durable = durable };
        Enqueue(operation);
        return operation.Task;
    }

    /// <summary>Queues a write nobody awaits; <paramref name="committed"/> runs on the writer's thread after its commit.</summary>
    public void WriteUnawaited(Action<SqliteSession> body, Action committed, Action<Exception> failed) =>
        Enqueue(new UnawaitedWriteOperation(body, failed, committed));

    /// <summary>
    /// Queues a row of <c>bus_messages</c> for deletion: all queued ids go in one statement at the start of the next
    /// batch (a handled message's row; if the delete is lost in a crash, the replay is skipped as done).
    /// </summary>
    public void Forget(long busMessageId)
    {
        _forgotten.Enqueue(busMessageId);
        lock (_queue)
        {
            if (_queue.Count == 0)
            {
                Monitor.Pulse(_queue);
            }
        }
    }

    private readonly System.Collections.Concurrent.ConcurrentQueue<long> _forgotten = new();

    /// <summary>Commits what is queued, then stops the thread (later writes fail).</summary>
    public void Dispose()
    {
        lock (_queue)
        {
            _stopping = true;
            Monitor.Pulse(_queue);
        }

        _thread.Join();
        if (_syncThreads.Length > 0)
        {
            lock (_awaitingSync)
            {
                _syncStopping = true;
                Monitor.PulseAll(_awaitingSync);
            }

            foreach (var syncThread in _syncThreads)
            {
                syncThread.Join(); // syncs what was committed last
            }
        }

        foreach (var log in _logs)
        {
            log.Dispose();
        }
    }

    private void Enqueue(WriteOperation operation)
    {
        lock (_queue)
        {
            if (_stopping)
            {
                operation.Fail(new ObjectDisposedException(nameof(SqliteWriter), "The storage is shutting down."));
                return;
            }

            _queue.Enqueue(operation);
            if (_queue.Count == 1)
            {
                Monitor.Pulse(_queue);
            }
        }
    }

    private void Run()
    {
        var batch = new List<WriteOperation>(_maxBatch);
        while (true)
        {
            lock (_queue)
            {
                while (_queue.Count == 0 && _forgotten.IsEmpty && !_stopping)
                {
                    Monitor.Wait(_queue);
                }

                if (_queue.Count == 0 && _forgotten.IsEmpty)
                {
                    return; // stopping, and everything queued was written
                }

                while (batch.Count < _maxBatch && _queue.TryDequeue(out var operation))
                {
                    batch.Add(operation);
                }
            }

            if (ForgetOperation() is { } forget)
            {
                batch.Insert(0, forget);
            }

            WriteBatch(batch);
            batch.Clear();
        }
    }

    /// <summary>The queued deletions as one write: <c>DELETE … WHERE id IN (json_each(…))</c>.</summary>
    private UnawaitedWriteOperation? ForgetOperation()
    {
        if (_forgotten.IsEmpty)
        {
            return null;
        }

        var ids = new System.Text.StringBuilder("[");
        while (_forgotten.TryDequeue(out var id))
        {
            ids.Append(id).Append(',');
        }

        ids[^1] = ']';
        var json = ids.ToString();
        return new UnawaitedWriteOperation(
            session => session.Execute("DELETE FROM bus_messages WHERE id IN (SELECT value FROM json_each($p0))", json),
            error => LogUnawaitedWriteFailed(_logger, error.GetType().Name, error));
    }

    private void WriteBatch(List<WriteOperation> batch)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            _session.Execute("BEGIN IMMEDIATE");
            foreach (var operation in batch)
            {
                operation.Run(_session);
            }

            _session.Execute("COMMIT");
        }
        catch (Exception ex)
        {
            Rollback();
            if (batch.Count == 1)
            {
                batch[0].Fail(ex);
                return;
            }

            LogBatchRetriedAlone(_logger, batch.Count, ex.GetType().Name);
            foreach (var operation in batch)
            {
                WriteAlone(operation);
            }

            return;
        }

        Committed(batch, started);
    }

    private void WriteAlone(WriteOperation operation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            _session.Execute("BEGIN IMMEDIATE");
            operation.Run(_session);
            _session.Execute("COMMIT");
        }
        catch (Exception ex)
        {
            Rollback();
            operation.Fail(ex);
            return;
        }

        Committed([operation], started);
    }

    /// <summary>Hands a committed batch's results over: now, or for durable writes after the next fsync.</summary>
    private void Committed(List<WriteOperation> batch, long started)
    {
        StorageTelemetry.Commits.Add(1);
        StorageTelemetry.BatchSize.Record(batch.Count);
        StorageTelemetry.CommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        lock (_awaitingSync)
        {
            // Counted under the lock: a sync thread that sees this commit sees its durable writes queued too.
            var commit = Interlocked.Increment(ref _committed);
            foreach (var operation in batch)
            {
                if (operation.Durable && _syncThreads.Length > 0)
                {
                    _awaitingSync.Enqueue((commit, operation));
                }
            }

            Monitor.Pulse(_awaitingSync);
        }

        foreach (var operation in batch)
        {
            if (!operation.Durable || _syncThreads.Length == 0)
            {
                operation.Complete();
            }
        }
    }

    /// <summary>
    /// The sync thread: while there are commits not yet on disk, fsyncs the log (what SQLite's synchronous=FULL does in
    /// each commit, here once for every commit made meanwhile), then completes the durable writes it covered.
    /// </summary>
    private void RunSync(FileStream log)
    {
        var covered = new List<WriteOperation>();
        while (true)
        {
            long target;
            lock (_awaitingSync)
            {
                while (Volatile.Read(ref _committed) == _syncStarted && !_syncStopping)
                {
                    Monitor.Wait(_awaitingSync);
                }

                target = Volatile.Read(ref _committed);
                if (target == _syncStarted)
                {
                    return; // stopping, and an fsync covering every commit is done or under way
                }

                _syncStarted = target; // a commit after this point wakes the other thread
            }

            Exception? failure = null;
            try
            {
                log.Flush(flushToDisk: true);
                Interlocked.Increment(ref _fsyncs);
                StorageTelemetry.Fsyncs.Add(1);
            }
            catch (IOException ex)
            {
                failure = ex;
                LogSyncFailed(_logger, ex.GetType().Name, ex);
            }

            lock (_awaitingSync)
            {
                while (_awaitingSync.TryPeek(out var waiting) && waiting.Commit <= target)
                {
                    covered.Add(_awaitingSync.Dequeue().Operation);
                }
            }

            foreach (var operation in covered)
            {
                if (failure is null)
                {
                    operation.Complete();
                }
                else
                {
                    operation.Fail(failure); // not known to be on disk: its caller must not acknowledge it
                }
            }

            covered.Clear();
        }
    }

    /// <summary>fsyncs of the log so far.</summary>
    public long Fsyncs => Interlocked.Read(ref _fsyncs);

    private long _fsyncs;

    private void Rollback()
    {
        try
        {
            if (_session.InTransaction)
            {
                _session.Execute("ROLLBACK");
            }
        }
        catch (Exception ex)
        {
            LogRollbackFailed(_logger, ex.GetType().Name, ex);
        }
    }

    [LoggerMessage(EventId = 5551, Level = LogLevel.Warning, Message = "A write of a batch of {Count} failed ({ErrorType}); the batch's writes are retried one by one")]
    private static partial void LogBatchRetriedAlone(ILogger logger, int count, string errorType);

    [LoggerMessage(EventId = 5552, Level = LogLevel.Error, Message = "Rolling back a failed batch failed ({ErrorType})")]
    private static partial void LogRollbackFailed(ILogger logger, string errorType, Exception exception);

    [LoggerMessage(EventId = 5554, Level = LogLevel.Error, Message = "fsync of the storage's log failed ({ErrorType}); the messages waiting for it are refused")]
    private static partial void LogSyncFailed(ILogger logger, string errorType, Exception exception);

    [LoggerMessage(EventId = 5553, Level = LogLevel.Warning, Message = "A background write failed ({ErrorType})")]
    private static partial void LogUnawaitedWriteFailed(ILogger logger, string errorType, Exception exception);
}
