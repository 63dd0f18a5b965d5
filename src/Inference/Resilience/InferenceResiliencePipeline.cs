using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ChatHub.Inference.Resilience;

/// <summary>
/// Builds the Polly pipeline of one model backend: a circuit breaker around a timeout, so a timeout counts as a
/// failure. Every exception counts, except a cancellation the caller asked for.
/// </summary>
internal static class InferenceResiliencePipeline
{
    public static ResiliencePipeline Create(InferenceResilienceOptions options, string backend, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Exception is { } exception && !IsCallerCancellation(exception, args.Context.CancellationToken)),
                OnOpened = args =>
                {
                    Log.ModelCircuitOpened(logger, backend, args.BreakDuration);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    Log.ModelCircuitClosed(logger, backend);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.Timeout })
            .Build();
    }

    /// <summary>A cancellation asked for by the caller (the user left), as opposed to a backend failure or timeout.</summary>
    public static bool IsCallerCancellation(Exception exception, CancellationToken callerToken) =>
        exception is OperationCanceledException && callerToken.IsCancellationRequested;
}
