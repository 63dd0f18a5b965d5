using System.Diagnostics.CodeAnalysis;

namespace ChatHub.Inference.HotQuestions;

/// <summary>
/// One shared computation of a missing key. Callers join it and wait with their own token; a caller that gives up
/// leaves, and only when every caller has left is the computation itself canceled (it then accepts no new callers).
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "The CancellationTokenSource has no timer or wait handle; disposing it could race with Cancel in Leave.")]
internal sealed class HotQuestionFlight
{
    private readonly TaskCompletionSource<HotQuestionLookup> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly CancellationTokenSource _cancellation = new();
    private readonly Lock _lock = new();
    private int _waiters;
    private bool _abandoned;

    /// <summary>Canceled once every waiter has left before the computation finished.</summary>
    public CancellationToken Token => _cancellation.Token;

    public int Waiters
    {
        get
        {
            lock (_lock)
            {
                return _waiters;
            }
        }
    }

    public bool TryJoin()
    {
        lock (_lock)
        {
            if (_abandoned)
            {
                return false;
            }

            _waiters++;
            return true;
        }
    }

    public async Task<HotQuestionLookup> WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _completion.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !_completion.Task.IsCompleted)
        {
            Leave();
            throw;
        }
    }

    public void Complete(HotQuestionLookup lookup) => _completion.TrySetResult(lookup);

    /// <summary>Every waiter sees <paramref name="exception"/> (an inner timeout stays an exception, not a cancellation of theirs).</summary>
    public void Fail(Exception exception) => _completion.TrySetException(exception);

    private void Leave()
    {
        lock (_lock)
        {
            _waiters--;
            if (_waiters > 0 || _completion.Task.IsCompleted)
            {
                return;
            }

            _abandoned = true;
        }

        _cancellation.Cancel();
    }
}
