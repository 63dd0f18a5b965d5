using System.Collections.Concurrent;
using ChatHub.Conversation.Idempotency;
using ChatHub.Conversation.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Pipeline;

/// <summary>
/// Runs a step at most once to completion per key, and never loses it: a short lease
/// (<see cref="HubOptions.ProcessingLease"/>) while the step runs, a done marker (kept
/// <see cref="HubOptions.DeduplicationWindow"/>) only after the step's effects are durable. Used by the worker
/// (<c>worker:{inboundId}</c>: done after every reply is published) and by egress (<c>egress:{replyId}</c>: done
/// after the platform accepted the final reply).
/// <list type="bullet">
/// <item>done marker found: the step is skipped (a redelivery of finished work);</item>
/// <item>another owner's live lease: waits, polling, until it is released, marked done or expires (its owner died),
/// at most one lease period; still held after that: <see cref="LeaseHeldException"/> (transient, retried);</item>
/// <item>the step fails, or returns a result that says it is not done (a platform's transient answer): the lease is
/// released, so the retry runs at once;</item>
/// <item>the process dies: the lease expires and a redelivery runs the step again.</item>
/// </list>
/// A crash after the effects and before the marker runs the step twice; egress's own ledger keyed by the
/// deterministic reply id (<c>MessageIds.ReplyTo</c>) absorbs the worker's second run, so a person can get a
/// duplicate only from a crash between the platform's accept and egress's marker.
/// </summary>
public sealed partial class ProcessingLedger
{
    private const int MaxUnreleased = 10_000;
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, string> _unreleased = new(StringComparer.Ordinal);
    private readonly IIdempotencyStore _store;
    private readonly HubOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ProcessingLedger> _logger;

    public ProcessingLedger(IIdempotencyStore store, IOptions<HubOptions> options, TimeProvider time, ILogger<ProcessingLedger> logger)
    {
        _store = store;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Runs <paramref name="step"/> unless <paramref name="key"/> is done; true if it ran, false if skipped as done.
    /// </summary>
    public ValueTask<bool> RunOnceAsync(string key, Func<CancellationToken, ValueTask> step, CancellationToken cancellationToken) =>
        RunOnceAsync(key, step, LedgerCompletion.MarkDone, cancellationToken);

    /// <summary>
    /// As <see cref="RunOnceAsync(string, Func{CancellationToken, ValueTask}, CancellationToken)"/>; with
    /// <see cref="LedgerCompletion.ReleaseLease"/> a finished step only releases its lease and writes no done marker,
    /// for a caller whose own completion already records it (the durable inbox deletes the message's row once its
    /// handler returned, and holds one row per delivery, so the row's absence is the marker).
    /// </summary>
    public async ValueTask<bool> RunOnceAsync(
        string key, Func<CancellationToken, ValueTask> step, LedgerCompletion completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        var run = await RunOnceAsync(
            key,
            async ct =>
            {
                await step(ct);
                return true;
            },
            static done => done,
            completion,
            cancellationToken);
        return run.Ran;
    }

    /// <summary>
    /// Runs <paramref name="step"/> unless <paramref name="key"/> is done, and marks it done only when
    /// <paramref name="isDone"/> says its result is final; otherwise (a transient result) releases the lease for the
    /// retry. Returns whether it ran, and its result.
    /// </summary>
    public ValueTask<(bool Ran, TResult Result)> RunOnceAsync<TResult>(
        string key, Func<CancellationToken, ValueTask<TResult>> step, Func<TResult, bool> isDone, CancellationToken cancellationToken) =>
        RunOnceAsync(key, step, isDone, LedgerCompletion.MarkDone, cancellationToken);

    /// <summary>As above, with what a finished step's completion is (<see cref="LedgerCompletion"/>).</summary>
    public async ValueTask<(bool Ran, TResult Result)> RunOnceAsync<TResult>(
        string key, Func<CancellationToken, ValueTask<TResult>> step, Func<TResult, bool> isDone, LedgerCompletion completion,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(isDone);
        // A lease this process could not release (the store was down) is taken back by the retry, not waited out.
        var owner = _unreleased.TryRemove(key, out var previous) ? previous : Guid.NewGuid().ToString("N");
        LeaseOutcome outcome;
        try
        {
            outcome = await AcquireAsync(key, owner, cancellationToken);
        }
        catch (Exception)
        {
            // The store may have taken the lease and lost only its reply: the retry re-enters it under this owner.
            Remember(key, owner);
            throw;
        }

        switch (outcome)
        {
            case LeaseOutcome.Done:
                ChatHubTelemetry.Redeliveries.Add(1, new("step", Step(key)), new("outcome", "skipped_done"));
                return (false, default!);
            case LeaseOutcome.Held:
                LogLeaseStillHeld(_logger, key);
                throw new LeaseHeldException(key);
        }

        TResult result;
        try
        {
            result = await step(cancellationToken);
        }
        catch
        {
            await ReleaseAsync(key, owner); // the step's own failure is what the caller must see
            throw;
        }

        if (!isDone(result) || completion == LedgerCompletion.ReleaseLease)
        {
            // Not done (a transient result: the retry runs at once), or done with the caller's own completion as the
            // record (the durable inbox's row deletion): the lease goes back, no marker is written.
            await ReleaseAsync(key, owner);
            return (true, result);
        }

        // The effects happened: the marker is written even when the stop cancelled the caller meanwhile (the drain's
        // deadline can fall between a platform's accept and this line), else the next process repeats them.
        await MarkDoneAsync(key);
        return (true, result);
    }

    /// <summary>Gives the lease back for the retry; one the store would not take back is re-entered by it (<see cref="Remember"/>).</summary>
    private async ValueTask ReleaseAsync(string key, string owner)
    {
        try
        {
            await _store.ReleaseLeaseAsync(key, owner, CancellationToken.None);
        }
        catch (Exception)
        {
            Remember(key, owner);
        }
    }

    /// <summary>
    /// The step's effects happened: the marker is retried (the lease is still ours, so nobody else runs the step
    /// meanwhile) rather than failing the step, whose retry would repeat the effects. Only if the store stays
    /// unreachable for a whole lease period does it give up; then a redelivery runs the step again after the lease
    /// (a duplicate that egress's ledger absorbs for the worker).
    /// </summary>
    private async ValueTask MarkDoneAsync(string key)
    {
        using var bound = new CancellationTokenSource(_options.ProcessingLease, _time);
        var cancellationToken = bound.Token;
        var deadline = _time.GetUtcNow() + _options.ProcessingLease;
        var delay = FirstPoll;
        while (true)
        {
            try
            {
                await _store.MarkDoneAsync(key, _options.DeduplicationWindow, cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && _time.GetUtcNow() + delay < deadline)
            {
                LogMarkDoneRetry(_logger, key, ex.GetType().Name);
                await Task.Delay(delay, _time, cancellationToken);
                delay = Doubled(delay);
            }
        }
    }

    private async ValueTask<LeaseOutcome> AcquireAsync(string key, string owner, CancellationToken cancellationToken)
    {
        var outcome = await _store.TryAcquireLeaseAsync(key, owner, _options.ProcessingLease, cancellationToken);
        if (outcome != LeaseOutcome.Held)
        {
            return outcome;
        }

        // A live lease of another owner: it finishes (done), fails (released) or died (expires within one lease).
        LogWaitingForLease(_logger, key);
        ChatHubTelemetry.Redeliveries.Add(1, new("step", Step(key)), new("outcome", "waited_lease"));
        var deadline = _time.GetUtcNow() + _options.ProcessingLease + MaxPoll;
        var delay = FirstPoll;
        while (outcome == LeaseOutcome.Held && _time.GetUtcNow() < deadline)
        {
            await Task.Delay(delay, _time, cancellationToken);
            delay = Doubled(delay);
            outcome = await _store.TryAcquireLeaseAsync(key, owner, _options.ProcessingLease, cancellationToken);
        }

        return outcome;
    }

    /// <summary>Both poll loops (a lease held elsewhere, a done marker that failed) back off the same way.</summary>
    private static TimeSpan Doubled(TimeSpan delay) => TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxPoll.Ticks));

    private void Remember(string key, string owner)
    {
        if (_unreleased.Count < MaxUnreleased)
        {
            _unreleased[key] = owner;
        }
    }

    private static string Step(string key) => key.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon ? key[..colon] : key;

    [LoggerMessage(EventId = 3402, Level = LogLevel.Information, Message = "{Key} is leased by another node; waiting until it is done or the lease expires")]
    private static partial void LogWaitingForLease(ILogger logger, UntrustedText key);

    [LoggerMessage(EventId = 3403, Level = LogLevel.Warning, Message = "{Key} is still leased by another node after a whole lease period; retrying later")]
    private static partial void LogLeaseStillHeld(ILogger logger, UntrustedText key);

    [LoggerMessage(EventId = 3404, Level = LogLevel.Warning, Message = "Marking {Key} done failed ({ErrorType}); retrying while the lease holds")]
    private static partial void LogMarkDoneRetry(ILogger logger, UntrustedText key, string errorType);
}
