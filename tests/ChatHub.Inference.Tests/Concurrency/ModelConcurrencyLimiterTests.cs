using ChatHub.Inference.Concurrency;

namespace ChatHub.Inference.Tests.Concurrency;

public sealed class ModelConcurrencyLimiterTests
{
    [Fact]
    public void Enter_UnderTheLimit_GrantedAtOnce()
    {
        var limiter = new ModelConcurrencyLimiter(maxConcurrent: 2, queueCapacity: 1);

        using var first = limiter.Enter();
        using var second = limiter.Enter();

        Assert.Equal(ModelSlotStatus.Granted, first.Status);
        Assert.Equal(ModelSlotStatus.Granted, second.Status);
        Assert.Equal(2, limiter.Active);
        Assert.Equal(0, first.Position);
    }

    [Fact]
    public void Enter_AtTheLimit_QueuedWithTheirPlaceInLineUntilTheQueueIsFull()
    {
        var limiter = new ModelConcurrencyLimiter(maxConcurrent: 1, queueCapacity: 2);

        using var running = limiter.Enter();
        using var second = limiter.Enter();
        using var third = limiter.Enter();
        using var refused = limiter.Enter();

        Assert.Equal(ModelSlotStatus.Queued, second.Status);
        Assert.Equal((1, 1), (second.InitialPosition, second.Position));
        Assert.Equal((2, 2), (third.InitialPosition, third.Position));
        Assert.Equal(ModelSlotStatus.Refused, refused.Status);
        Assert.Equal(2, limiter.Waiting);
    }

    [Fact]
    public async Task Dispose_HeldSlot_PassesToTheFirstInLineWhoseNumberGoesDown()
    {
        var limiter = new ModelConcurrencyLimiter(maxConcurrent: 1, queueCapacity: 4);
        var running = limiter.Enter();
        using var second = limiter.Enter();
        using var third = limiter.Enter();

        running.Dispose();
        await second.WaitAsync(CancellationToken.None).DefaultTimeout();

        Assert.Equal(0, second.Position);
        Assert.Equal(1, third.Position);
        Assert.False(third.WaitAsync(CancellationToken.None).IsCompleted);
        Assert.Equal(1, limiter.Active);
        running.Dispose(); // twice: no second release
        Assert.Equal(1, limiter.Active);
        Assert.Equal(1, limiter.Waiting);
    }

    [Fact]
    public async Task WaitAsync_Canceled_LeavesTheQueueAndLaterArrivalsMoveUp()
    {
        var limiter = new ModelConcurrencyLimiter(maxConcurrent: 1, queueCapacity: 2);
        using var running = limiter.Enter();
        using var second = limiter.Enter();
        using var third = limiter.Enter();
        using var cancellation = new CancellationTokenSource();
        var waiting = second.WaitAsync(cancellation.Token);

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting).DefaultTimeout();
        using var fourth = limiter.Enter();

        Assert.Equal(1, third.Position);
        Assert.Equal((ModelSlotStatus.Queued, 2), (fourth.Status, fourth.InitialPosition));
        running.Dispose();
        await third.WaitAsync(CancellationToken.None).DefaultTimeout();
        Assert.Equal(1, fourth.Position);
    }

    [Fact]
    public void Enter_SlotFreeButOthersWaiting_NewcomerQueuesBehindThem()
    {
        var limiter = new ModelConcurrencyLimiter(maxConcurrent: 1, queueCapacity: 4);
        var running = limiter.Enter();
        using var waiting = limiter.Enter();
        running.Dispose(); // passes to `waiting`, never to a newcomer

        using var newcomer = limiter.Enter();

        Assert.True(waiting.WaitAsync(CancellationToken.None).IsCompletedSuccessfully);
        Assert.Equal((ModelSlotStatus.Queued, 1), (newcomer.Status, newcomer.InitialPosition));
    }

    [Fact]
    public void Dispose_QueuedTicket_GivesUpItsPlace()
    {
        var limiter = new ModelConcurrencyLimiter(maxConcurrent: 1, queueCapacity: 1);
        using var running = limiter.Enter();
        var queued = limiter.Enter();

        queued.Dispose();

        Assert.Equal(0, limiter.Waiting);
        Assert.Equal(1, limiter.Active);
        using var next = limiter.Enter();
        Assert.Equal(ModelSlotStatus.Queued, next.Status);
    }
}
