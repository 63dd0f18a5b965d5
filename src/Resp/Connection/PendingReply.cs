namespace ChatHub.Resp.Connection;

/// <summary>
/// One command's place in a connection's reply queue. Replies are matched to these strictly in FIFO order; a caller
/// that gives up (timeout, cancellation) abandons it, but it keeps its place and its reply is discarded on arrival.
/// </summary>
internal sealed class PendingReply
{
    // Continuations never run inline on the read loop (StackExchange.Redis "thread theft").
    private readonly TaskCompletionSource<RespValue> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingReply(string command) => Command = command;

    /// <summary>The command's name only: arguments may hold secrets and never appear in messages.</summary>
    public string Command { get; }

    public Task<RespValue> Task => _completion.Task;

    public void Complete(RespValue value) => _completion.TrySetResult(value);

    public void Fail(Exception exception) => _completion.TrySetException(exception);

    /// <summary>The caller stopped waiting: observe a later failure so it is not reported as unobserved.</summary>
    public void Abandon() => _ = _completion.Task.ContinueWith(
        static task => _ = task.Exception,
        CancellationToken.None,
        TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
        TaskScheduler.Default);
}
