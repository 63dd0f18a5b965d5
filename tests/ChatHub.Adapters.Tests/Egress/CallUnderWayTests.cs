using ChatHub.Adapters.Abstractions.Egress;

namespace ChatHub.Adapters.Tests.Egress;

public sealed class CallUnderWayTests
{
    [Fact]
    public async Task RunAsync_StopWhileTheCallIsUnderWay_TheCallKeepsItsTokenForTheGrace()
    {
        var time = new ManualTimeProvider();
        using var stopping = new CancellationTokenSource();
        var started = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var call = CallUnderWay.RunAsync(ct => { started.SetResult(ct); return answer.Task; }, time, stopping.Token);
        var token = await started.Task.DefaultTimeout();
        await stopping.CancelAsync();
        time.Advance(CallUnderWay.Grace - TimeSpan.FromMilliseconds(1));
        var cutEarly = token.IsCancellationRequested;
        answer.SetResult(42);

        Assert.False(cutEarly);
        Assert.Equal(42, await call.DefaultTimeout());
    }

    [Fact]
    public async Task RunAsync_CallStillUnderWayAfterTheGrace_Cut()
    {
        var time = new ManualTimeProvider();
        using var stopping = new CancellationTokenSource();
        var started = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);

        var call = CallUnderWay.RunAsync(async ct => { started.SetResult(ct); await Task.Delay(Timeout.Infinite, ct); return 0; }, time, stopping.Token);
        var token = await started.Task.DefaultTimeout();
        await stopping.CancelAsync();
        time.Advance(CallUnderWay.Grace);

        Assert.True(token.IsCancellationRequested);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call).DefaultTimeout();
    }

    [Fact]
    public async Task RunAsync_StoppedBeforeTheCall_NotStarted()
    {
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();
        var calls = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => CallUnderWay.RunAsync(_ => Task.FromResult(++calls), new ManualTimeProvider(), stopping.Token)).DefaultTimeout();
        Assert.Equal(0, calls);
    }
}
