using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ChatHub.Sqlite.Database;

/// <summary>
/// The only connection that writes, on a thread of its own. Writes queue up while the previous batch commits; the
/// thread then runs everything queued (up to <see cref="StorageOptions.MaxBatchSize"/>) in one transaction and commits
/// once: group commit, one fsync for many writes, with no timer (a lone write commits at once, a busy queue batches by
/// itself). A write that throws rolls its batch back; the batch's writes are then run one per transaction, so only the
/// failing one fails.
/// </summary>
internal sealed partial class SqliteWriter : IDisposable
{
    private readonly SqliteSession _session;
    private readonly int _maxBatch;
    private readonly bool _fsyncPerCommit;
    private readonly ILogger _logger;
    private readonly Queue<WriteOperation> _queue = new();
    private readonly Thread _thread;
    private bool _stopping;

    public SqliteWriter(SqliteSession session, int maxBatch, bool fsyncPerCommit, ILogger logger)
    {
        _session = session;
        _maxBatch = maxBatch;
        _fsyncPerCommit = fsyncPerCommit;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "ChatHub SQLite writer" };
        _thread.Start();
    }

    /// <summary>Commits so far (each one fsync in <see cref="StorageDurability.Full"/> mode).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    private long _commits;

    public Task<T> WriteAsync<T>(Func<SqliteSession, T> body)
    {
        var operation = new WriteOperation<T>(body);
        Enqueue(operation);
        return operation.Task;
    }

    public void WriteUnawaited(Action<SqliteSession> body) =>
        Enqueue(new UnawaitedWriteOperation(body, error => LogUnawaitedWriteFailed(_logger, error.GetType().Name, error)));

    /// <summary>Commits what is queued, then stops the thread (later writes fail).</summary>
    public void Dispose()
    {
        lock (_queue)
        {
            _stopping = true;
            Monitor.Pulse(_queue);
        }

        _thread.Join();
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
                while (_queue.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_queue);
                }

                if (_queue.Count == 0)
                {
                    return; // stopping, and everything queued was written
                }

                while (batch.Count < _maxBatch && _queue.TryDequeue(out var operation))
                {
                    batch.Add(operation);
                }
            }

            WriteBatch(batch);
            batch.Clear();
        }
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

        Committed(batch.Count, started);
        foreach (var operation in batch)
        {
            operation.Complete();
        }
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

        Committed(1, started);
        operation.Complete();
    }

    private void Committed(int writes, long started)
    {
        Interlocked.Increment(ref _commits);
        StorageTelemetry.Commits.Add(1);
        if (_fsyncPerCommit)
        {
            StorageTelemetry.Fsyncs.Add(1);
        }

        StorageTelemetry.BatchSize.Record(writes);
        StorageTelemetry.CommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

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

    [LoggerMessage(EventId = 3551, Level = LogLevel.Warning, Message = "A write of a batch of {Count} failed ({ErrorType}); the batch's writes are retried one by one")]
    private static partial void LogBatchRetriedAlone(ILogger logger, int count, string errorType);

    [LoggerMessage(EventId = 3552, Level = LogLevel.Error, Message = "Rolling back a failed batch failed ({ErrorType})")]
    private static partial void LogRollbackFailed(ILogger logger, string errorType, Exception exception);

    [LoggerMessage(EventId = 3553, Level = LogLevel.Warning, Message = "A background write failed ({ErrorType})")]
    private static partial void LogUnawaitedWriteFailed(ILogger logger, string errorType, Exception exception);
}
