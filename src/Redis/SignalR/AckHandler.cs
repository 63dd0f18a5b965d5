using System.Collections.Concurrent;

namespace ChatHub.Redis.SignalR;

/// <summary>Waits for the acks of group requests sent to other nodes, each for at most the configured timeout.</summary>
internal sealed class AckHandler
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _pending = new();
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private long _nextId;

    public AckHandler(TimeSpan timeout, TimeProvider time)
    {
        _timeout = timeout;
        _time = time;
    }

    public (long Id, Task Acked) Create()
    {
        var id = Interlocked.Increment(ref _nextId);
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        return (id, completion.Task);
    }

    public async Task WaitAsync(long id, Task acked, string what, CancellationToken cancellationToken)
    {
        try
        {
            await acked.WaitAsync(_timeout, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No node acknowledged {what} within {_timeout.TotalSeconds:0.#} s (is the connection still open?).");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public void Complete(long id)
    {
        if (_pending.TryRemove(id, out var completion))
        {
            completion.TrySetResult();
        }
    }

    public void CancelAll()
    {
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var completion))
            {
                completion.TrySetCanceled();
            }
        }
    }
}
