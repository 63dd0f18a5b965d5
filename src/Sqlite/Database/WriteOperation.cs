namespace ChatHub.Sqlite.Database;

/// <summary>
/// One write queued for the <see cref="SqliteWriter"/>: run inside the writer's batch transaction, its result handed to
/// the caller only after the batch committed, and for a <see cref="Durable"/> write after the log was also synced to
/// disk (<see cref="StorageDurability.Full"/>). A write must touch nothing but the database, so that it can be run again
/// alone when another write of its batch failed.
/// </summary>
internal abstract class WriteOperation
{
    /// <summary>Its caller tells someone outside the process about it (a message acknowledged to its platform).</summary>
    public bool Durable { get; init; }

    /// <summary>Runs the write on the writer's session; may run a second time (alone) if its batch was rolled back.</summary>
    public abstract void Run(SqliteSession session);

    /// <summary>The batch committed: hand over the result.</summary>
    public abstract void Complete();

    /// <summary>The write failed (alone, or the commit failed).</summary>
    public abstract void Fail(Exception error);
}

/// <summary>A write whose caller awaits its result.</summary>
internal sealed class WriteOperation<T>(Func<SqliteSession, T> body) : WriteOperation
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T _result = default!;

    public Task<T> Task => _completion.Task;

    public override void Run(SqliteSession session) => _result = body(session);

    public override void Complete() => _completion.TrySetResult(_result);

    public override void Fail(Exception error) => _completion.TrySetException(error);
}

/// <summary>
/// A write nobody waits for (deleting handled bus messages, a done marker already in effect in memory): on commit
/// <paramref name="onCommitted"/> runs on the writer's thread (keep it short), a failure is reported to <paramref name="onFailure"/>.
/// </summary>
internal sealed class UnawaitedWriteOperation(Action<SqliteSession> body, Action<Exception> onFailure, Action? onCommitted = null) : WriteOperation
{
    public override void Run(SqliteSession session) => body(session);

    public override void Complete() => onCommitted?.Invoke();

    public override void Fail(Exception error) => onFailure(error);
}
