using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatHub.Conversation.Tests.Bus;

public sealed class RetryingHandlerTests
{
    private static readonly BusMessage<string> Message = new("key", "value", new Dictionary<string, string>(), DateTimeOffset.UnixEpoch);

    private static readonly RetryPolicy Fast = new(MaxAttempts: 3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2))
    {
        TransientBudget = TimeSpan.FromMinutes(5),
    };

    private static readonly TransientFailures Classifier = new([new TimeoutRule()]);

    [Fact]
    public async Task Wrap_MessageFailure_DeadLetteredAfterMaxAttempts()
    {
        var calls = 0;
        string? poisoned = null;
        var handler = RetryingHandler.Wrap<string>(
            "t", (_, _) => { calls++; throw new FormatException("bad payload"); }, (_, reason, _) => { poisoned = reason; return ValueTask.CompletedTask; },
            Fast, TimeProvider.System, NullLogger.Instance, Classifier.IsTransient);

        await handler(Message, CancellationToken.None).DefaultTimeout();

        Assert.Equal(3, calls);
        Assert.Equal("FormatException: bad payload", poisoned);
    }

    [Fact]
    public async Task Wrap_TransientFailuresLongerThanMaxAttempts_RetriedUntilTheBackendIsBack()
    {
        var calls = 0;
        var poisoned = 0;
        var handler = RetryingHandler.Wrap<string>(
            "t",
            (_, _) => ++calls <= 10 ? throw new TimeoutException("store down") : Handled,
            (_, _, _) => { poisoned++; return ValueTask.CompletedTask; },
            Fast, TimeProvider.System, NullLogger.Instance, Classifier.IsTransient);

        await handler(Message, CancellationToken.None).DefaultTimeout();

        Assert.Equal(11, calls);
        Assert.Equal(0, poisoned);
    }

    [Fact]
    public async Task Wrap_TransientBeyondTheBudget_DeadLetteredOnce()
    {
        var calls = 0;
        var poisoned = 0;
        var policy = Fast with { TransientBudget = TimeSpan.FromMilliseconds(100) };
        var clock = ManualTimeProvider.WithRealTimers(); // each attempt takes 30 ms of it: the budget is spent by counts, not by the machine's speed
        var handler = RetryingHandler.Wrap<string>(
            "t",
            (_, _) =>
            {
                calls++;
                clock.Advance(TimeSpan.FromMilliseconds(30));
                throw new InvalidOperationException("wrapped", new TimeoutException());
            },
            (_, _, _) => { poisoned++; return ValueTask.CompletedTask; },
            policy, clock, NullLogger.Instance, Classifier.IsTransient);

        await handler(Message, CancellationToken.None).DefaultTimeout();

        Assert.Equal(1, poisoned);
        Assert.True(calls > policy.MaxAttempts, $"only {calls} attempts: the transient failure was treated as the message's");
    }

    [Fact]
    public async Task Wrap_WithoutClassifier_EveryFailureCountsAgainstMaxAttempts()
    {
        var calls = 0;
        var handler = RetryingHandler.Wrap<string>(
            "t", (_, _) => { calls++; throw new TimeoutException("down"); }, (_, _, _) => ValueTask.CompletedTask,
            Fast, TimeProvider.System, NullLogger.Instance);

        await handler(Message, CancellationToken.None).DefaultTimeout();

        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task Wrap_MessageFailuresBetweenTransientOnes_OnlyTheMessageFailuresCount()
    {
        var calls = 0;
        var poisoned = 0;
        // transient, message, transient, message, retry later, success: two message failures < MaxAttempts (3).
        var handler = RetryingHandler.Wrap<string>(
            "t",
            (_, _) => ++calls switch
            {
                1 or 3 => throw new TimeoutException("down"),
                5 => ValueTask.FromResult(HandlerResult.RetryLater("platform down")),
                2 or 4 => throw new FormatException("bad"),
                _ => Handled,
            },
            (_, _, _) => { poisoned++; return ValueTask.CompletedTask; },
            Fast, TimeProvider.System, NullLogger.Instance, Classifier.IsTransient);

        await handler(Message, CancellationToken.None).DefaultTimeout();

        Assert.Equal(6, calls);
        Assert.Equal(0, poisoned);
    }

    [Fact]
    public async Task Wrap_RetryLaterResults_RetriedWithoutCountingUntilHandled()
    {
        var calls = 0;
        var poisoned = 0;
        var handler = RetryingHandler.Wrap<string>(
            "t",
            (_, _) => ValueTask.FromResult(++calls <= 10 ? HandlerResult.RetryLater("Send to telegram failed transiently: HTTP 502") : HandlerResult.Handled),
            (_, _, _) => { poisoned++; return ValueTask.CompletedTask; },
            Fast, TimeProvider.System, NullLogger.Instance, Classifier.IsTransient);

        await handler(Message, CancellationToken.None).DefaultTimeout();

        Assert.Equal(11, calls);
        Assert.Equal(0, poisoned);
    }

    [Fact]
    public async Task Wrap_RetryLaterBeyondTheBudget_DeadLetteredOnceWithTheReason()
    {
        var poisoned = new List<string>();
        var clock = ManualTimeProvider.WithRealTimers();
        var handler = RetryingHandler.Wrap<string>(
            "t",
            (_, _) =>
            {
                clock.Advance(TimeSpan.FromMilliseconds(30));
                return ValueTask.FromResult(HandlerResult.RetryLater("Send to telegram failed transiently: HTTP 502"));
            },
            (_, reason, _) => { poisoned.Add(reason); return ValueTask.CompletedTask; },
            Fast with { TransientBudget = TimeSpan.FromMilliseconds(100) }, clock, NullLogger.Instance, Classifier.IsTransient);

        await handler(Message, CancellationToken.None).DefaultTimeout();

        Assert.Equal(["Send to telegram failed transiently: HTTP 502"], poisoned);
    }

    [Theory]
    [InlineData(typeof(LeaseHeldException), true)]
    [InlineData(typeof(TimeoutException), true)]
    [InlineData(typeof(FormatException), false)]
    [InlineData(typeof(InvalidOperationException), false)]
    public void IsTransient_BuiltInAndRegisteredRules(Type type, bool expected)
    {
        var exception = (Exception)Activator.CreateInstance(type)!;

        Assert.Equal(expected, Classifier.IsTransient(exception));
        Assert.Equal(expected, Classifier.IsTransient(new AggregateException("outer", exception)));
        Assert.False(new TransientFailures([]).IsTransient(new TimeoutException()));
    }

    private static ValueTask<HandlerResult> Handled => ValueTask.FromResult(HandlerResult.Handled);

    private sealed class TimeoutRule : ITransientFailureRule
    {
        public bool IsTransient(Exception exception) => exception is TimeoutException;
    }
}
