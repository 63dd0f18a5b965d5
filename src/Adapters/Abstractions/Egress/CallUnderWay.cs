namespace ChatHub.Adapters.Abstractions.Egress;

/// <summary>
/// Lets a platform call that has started outlive the stop by <see cref="Grace"/>. Egress's handlers are cancelled when
/// the bus's bounded drain ends (<c>Bus:InProcess:DrainTimeout</c>, <c>Kafka:Consumer:DrainTimeout</c>): that must end
/// the waits (budgets, retry delays) but not cut a request the platform may already have acted on, whose answer would
/// then go unrecorded and whose delivery the next process would make again (Telegram and Teams take no idempotency
/// key). So a call not started when the handler is cancelled is not started; one under way gets a token cancelled
/// <see cref="Grace"/> later, enough for a platform's answer, well within the host's shutdown timeout.
/// </summary>
internal static class CallUnderWay
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        cancellationToken.ThrowIfCancellationRequested();
        using var underWay = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        using var stopping = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).CancelAfter(Grace), underWay);
        return await call(underWay.Token);
    }
}
