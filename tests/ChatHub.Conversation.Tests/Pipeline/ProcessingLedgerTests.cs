using ChatHub.Conversation.Idempotency;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Pipeline;

/// <summary>
/// The lease / done-marker protocol behind the worker's and egress's "once": every branch a crash or a redelivery
/// can take. Real clock, short leases; assertions are counts, never durations.
/// </summary>
public sealed class ProcessingLedgerTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly InMemoryIdempotencyStore _store = new(TimeProvider.System);

    private ProcessingLedger Ledger(TimeSpan lease, IIdempotencyStore? store = null) => new(
        store ?? _store, Options.Create(new HubOptions { ProcessingLease = lease }), TimeProvider.System, NullLogger<ProcessingLedger>.Instance);

    [Fact]
    public async Task RunOnceAsync_RedeliveryAfterDone_Skipped()
    {
        var ledger = Ledger(Hour);
        var runs = 0;
        ValueTask Step(CancellationToken _)
        {
            Interlocked.Increment(ref runs);
            return ValueTask.CompletedTask;
        }

        Assert.True(await ledger.RunOnceAsync("worker:m1", Step, CancellationToken.None).DefaultTimeout());
        Assert.False(await ledger.RunOnceAsync("worker:m1", Step, CancellationToken.None).DefaultTimeout());
        Assert.True(await ledger.RunOnceAsync("worker:m2", Step, CancellationToken.None).DefaultTimeout());
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task RunOnceAsync_ReleaseLeaseCompletion_NoMarkerAndTheLeaseIsFree()
    {
        // The caller's completion is the marker (the durable inbox deletes the message's row): nothing is written, and
        // the key is free at once, so a delivery of the same key (a row left by a crash) runs the step again.
        var ledger = Ledger(Hour);
        var runs = 0;
        ValueTask Step(CancellationToken _)
        {
            Interlocked.Increment(ref runs);
            return ValueTask.CompletedTask;
        }

        Assert.True(await ledger.RunOnceAsync("worker:m1", Step, LedgerCompletion.ReleaseLease, CancellationToken.None).DefaultTimeout());
        Assert.False(await _store.IsDoneAsync("worker:m1", CancellationToken.None).DefaultTimeout());
        Assert.Equal(LeaseOutcome.Acquired, await _store.TryAcquireLeaseAsync("worker:m1", "other", Hour, CancellationToken.None).DefaultTimeout());
        await _store.ReleaseLeaseAsync("worker:m1", "other", CancellationToken.None).DefaultTimeout();
        Assert.True(await ledger.RunOnceAsync("worker:m1", Step, LedgerCompletion.ReleaseLease, CancellationToken.None).DefaultTimeout());
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task RunOnceAsync_StopArrivesAfterTheStepsEffects_DoneIsStillMarked()
    {
        // The drain's deadline falls between a platform's accept and the marker: the effects happened, so the marker is
        // written; a redelivery (the next process) skips the step instead of sending the reply again.
        var ledger = Ledger(Hour, new FlakyStore(_store));
        using var stopping = new CancellationTokenSource();
        var runs = 0;
        ValueTask Send(CancellationToken _)
        {
            Interlocked.Increment(ref runs);
            stopping.Cancel();
            return ValueTask.CompletedTask;
        }

        Assert.True(await ledger.RunOnceAsync("egress:r1", Send, stopping.Token).DefaultTimeout());
        Assert.False(await ledger.RunOnceAsync("egress:r1", Send, CancellationToken.None).DefaultTimeout());
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task RunOnceAsync_StepFails_LeaseReleasedAndRetryRunsAtOnce()
    {
        // An hour-long lease: if the failure did not release it, the retry would wait for it and the test time out.
        var ledger = Ledger(Hour);
        var attempts = 0;
        ValueTask Send(CancellationToken _) => Interlocked.Increment(ref attempts) == 1
            ? throw new HttpRequestException("connection reset")
            : ValueTask.CompletedTask;

        await Assert.ThrowsAsync<HttpRequestException>(() => ledger.RunOnceAsync("egress:r1", Send, CancellationToken.None).AsTask()).DefaultTimeout();
        Assert.True(await ledger.RunOnceAsync("egress:r1", Send, CancellationToken.None).DefaultTimeout());
        Assert.False(await ledger.RunOnceAsync("egress:r1", Send, CancellationToken.None).DefaultTimeout());
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task RunOnceAsync_StepReturnsATransientResult_NotDoneLeaseReleasedRetryRunsAtOnce()
    {
        var ledger = Ledger(Hour);
        var attempts = 0;
        ValueTask<SendResult> Send(CancellationToken _) =>
            ValueTask.FromResult(Interlocked.Increment(ref attempts) == 1 ? SendResult.Transient("HTTP 502") : SendResult.Sent);

        var first = await ledger.RunOnceAsync("egress:r2", Send, static r => r.Status != SendStatus.Transient, CancellationToken.None).DefaultTimeout();
        var second = await ledger.RunOnceAsync("egress:r2", Send, static r => r.Status != SendStatus.Transient, CancellationToken.None).DefaultTimeout();
        var third = await ledger.RunOnceAsync("egress:r2", Send, static r => r.Status != SendStatus.Transient, CancellationToken.None).DefaultTimeout();

        Assert.Equal((true, SendStatus.Transient), (first.Ran, first.Result.Status));
        Assert.Equal((true, SendStatus.Sent), (second.Ran, second.Result.Status));
        Assert.False(third.Ran);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task RunOnceAsync_OwnerDiedBeforePublishing_RunsAfterItsLeaseExpires()
    {
        // Crash before publish: the dead worker's lease is left behind, nothing was published, no done marker.
        var lease = TimeSpan.FromMilliseconds(300);
        Assert.Equal(LeaseOutcome.Acquired, await _store.TryAcquireLeaseAsync("worker:m1", "dead-worker", lease, CancellationToken.None));
        var runs = 0;

        var ran = await Ledger(lease).RunOnceAsync("worker:m1", _ => { Interlocked.Increment(ref runs); return ValueTask.CompletedTask; }, CancellationToken.None).DefaultTimeout();

        Assert.True(ran);
        Assert.Equal(1, runs);
        Assert.Equal(LeaseOutcome.Done, await _store.TryAcquireLeaseAsync("worker:m1", "later", lease, CancellationToken.None));
    }

    [Fact]
    public async Task RunOnceAsync_OwnerDiedAfterPublishingBeforeDone_WorkerRunsAgainEgressSendsOnce()
    {
        // Crash after publish, before the done marker: the worker step runs again (its final reply has the same id),
        // and egress's ledger, keyed by that reply id, sends it once.
        var lease = TimeSpan.FromMilliseconds(300);
        var ledger = Ledger(lease);
        var published = new List<string>();
        var sent = 0;
        ValueTask Publish(CancellationToken _)
        {
            lock (published)
            {
                published.Add("reply:m1");
            }

            return ValueTask.CompletedTask;
        }

        await _store.TryAcquireLeaseAsync("worker:m1", "dead-worker", lease, CancellationToken.None);
        await Publish(CancellationToken.None);        // what the dead worker got out before it died
        Assert.True(await ledger.RunOnceAsync("worker:m1", Publish, CancellationToken.None).DefaultTimeout());
        foreach (var replyId in published)
        {
            await ledger.RunOnceAsync($"egress:{replyId}", _ => { Interlocked.Increment(ref sent); return ValueTask.CompletedTask; }, CancellationToken.None).DefaultTimeout();
        }

        Assert.Equal(2, published.Count);
        Assert.Equal(1, sent);
    }

    [Fact]
    public async Task RunOnceAsync_ConcurrentDuplicate_SecondWaitsThenSkips()
    {
        var ledger = Ledger(Hour);
        var runs = 0;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async ValueTask Slow(CancellationToken ct)
        {
            Interlocked.Increment(ref runs);
            started.SetResult();
            await gate.Task.WaitAsync(ct);
        }

        var first = ledger.RunOnceAsync("worker:m1", Slow, CancellationToken.None).AsTask();
        await started.Task.DefaultTimeout();
        var second = ledger.RunOnceAsync("worker:m1", Slow, CancellationToken.None).AsTask();
        Assert.False(second.IsCompleted); // it cannot finish while the first holds the lease and is not done
        gate.SetResult();

        Assert.True(await first.DefaultTimeout());
        Assert.False(await second.DefaultTimeout());
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task RunOnceAsync_LeaseHeldPastWholePeriod_ThrowsLeaseHeldWithoutRunning()
    {
        await _store.TryAcquireLeaseAsync("worker:m1", "other", Hour, CancellationToken.None);
        var runs = 0;

        var error = await Assert.ThrowsAsync<LeaseHeldException>(() => Ledger(TimeSpan.FromMilliseconds(200))
            .RunOnceAsync("worker:m1", _ => { runs++; return ValueTask.CompletedTask; }, CancellationToken.None).AsTask()).DefaultTimeout();

        Assert.Equal("worker:m1", error.Key);
        Assert.Equal(0, runs);
    }

    [Fact]
    public async Task RunOnceAsync_Cancelled_LeaseReleased()
    {
        var ledger = Ledger(Hour);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ledger.RunOnceAsync(
            "worker:m1", ct => { ct.ThrowIfCancellationRequested(); return ValueTask.CompletedTask; }, cts.Token).AsTask()).DefaultTimeout();

        Assert.Equal(LeaseOutcome.Acquired, await _store.TryAcquireLeaseAsync("worker:m1", "next", Hour, CancellationToken.None));
    }

    [Fact]
    public async Task RunOnceAsync_StoreDownWhileReleasing_RetryTakesItsOwnLeaseBackWithoutWaiting()
    {
        // An hour-long lease that could not be released: the retry must not wait it out (the test would time out).
        var store = new FlakyStore(_store) { FailReleases = 1 };
        var ledger = Ledger(Hour, store);
        var attempts = 0;
        ValueTask Step(CancellationToken _) => Interlocked.Increment(ref attempts) == 1 ? throw new TimeoutException("store down") : ValueTask.CompletedTask;

        await Assert.ThrowsAsync<TimeoutException>(() => ledger.RunOnceAsync("worker:m9", Step, CancellationToken.None).AsTask()).DefaultTimeout();
        Assert.True(await ledger.RunOnceAsync("worker:m9", Step, CancellationToken.None).DefaultTimeout());
        Assert.False(await ledger.RunOnceAsync("worker:m9", Step, CancellationToken.None).DefaultTimeout());
        Assert.Equal((2, 0), (attempts, store.FailReleases));
    }

    [Fact]
    public async Task RunOnceAsync_LeaseTakenButTheReplyLost_RetryTakesItsOwnLeaseBackWithoutWaiting()
    {
        // The store took the hour-long lease and the connection dropped before its reply: the retry, under the same
        // owner, re-enters it instead of waiting an hour for it (the test would time out).
        var store = new FlakyStore(_store) { LoseAcquireReplies = 1 };
        var ledger = Ledger(Hour, store);
        var runs = 0;
        ValueTask Step(CancellationToken _)
        {
            Interlocked.Increment(ref runs);
            return ValueTask.CompletedTask;
        }

        await Assert.ThrowsAsync<TimeoutException>(() => ledger.RunOnceAsync("worker:m8", Step, CancellationToken.None).AsTask()).DefaultTimeout();
        Assert.True(await ledger.RunOnceAsync("worker:m8", Step, CancellationToken.None).DefaultTimeout());
        Assert.False(await ledger.RunOnceAsync("worker:m8", Step, CancellationToken.None).DefaultTimeout());
        Assert.Equal((1, 0), (runs, store.LoseAcquireReplies));
    }

    [Fact]
    public async Task RunOnceAsync_StoreDownWhenMarkingDone_MarkerRetriedAndTheStepNotRepeated()
    {
        var store = new FlakyStore(_store) { FailMarks = 3 };
        var ledger = Ledger(Hour, store);
        var sends = 0;
        ValueTask Send(CancellationToken _)
        {
            Interlocked.Increment(ref sends);
            return ValueTask.CompletedTask;
        }

        Assert.True(await ledger.RunOnceAsync("egress:r9", Send, CancellationToken.None).DefaultTimeout());
        Assert.False(await ledger.RunOnceAsync("egress:r9", Send, CancellationToken.None).DefaultTimeout());
        Assert.Equal((1, 0), (sends, store.FailMarks));
    }

    /// <summary>The in-memory store, failing the next few releases or done markers as an unreachable Redis would, and a done marker asked for with a cancelled token.</summary>
    private sealed class FlakyStore(IIdempotencyStore inner) : IIdempotencyStore
    {
        public int FailReleases { get; set; }

        public int FailMarks { get; set; }

        public int LoseAcquireReplies { get; set; }

        public ValueTask<bool> TryClaimAsync(string key, TimeSpan ttl, CancellationToken cancellationToken) => inner.TryClaimAsync(key, ttl, cancellationToken);

        public ValueTask ReleaseAsync(string key, CancellationToken cancellationToken) => inner.ReleaseAsync(key, cancellationToken);

        public ValueTask<bool> IsDoneAsync(string key, CancellationToken cancellationToken) => inner.IsDoneAsync(key, cancellationToken);

        public async ValueTask<LeaseOutcome> TryAcquireLeaseAsync(string key, string owner, TimeSpan lease, CancellationToken cancellationToken)
        {
            var outcome = await inner.TryAcquireLeaseAsync(key, owner, lease, cancellationToken);
            return LoseAcquireReplies > 0 && LoseAcquireReplies-- > 0 ? throw new TimeoutException("connection lost before the reply") : outcome;
        }

        public ValueTask MarkDoneAsync(string key, TimeSpan retention, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested(); // as SQLite and Redis do
            return FailMarks > 0 && FailMarks-- > 0 ? throw new TimeoutException("store down") : inner.MarkDoneAsync(key, retention, cancellationToken);
        }

        public ValueTask ReleaseLeaseAsync(string key, string owner, CancellationToken cancellationToken) =>
            FailReleases > 0 && FailReleases-- > 0 ? throw new TimeoutException("store down") : inner.ReleaseLeaseAsync(key, owner, cancellationToken);
    }
}
