using System.Diagnostics;

namespace ChatHub.Kafka.Tests.Infrastructure;

/// <summary>Every await in a test is bounded, so a bug fails the test instead of hanging the run.</summary>
public static class TaskTimeoutExtensions
{
    public static TimeSpan DefaultTimeoutSpan => Debugger.IsAttached ? TimeSpan.FromMinutes(10) : TimeSpan.FromSeconds(30);

    public static Task DefaultTimeout(this Task task) => task.WaitAsync(DefaultTimeoutSpan);

    public static Task<T> DefaultTimeout<T>(this Task<T> task) => task.WaitAsync(DefaultTimeoutSpan);

    public static Task DefaultTimeout(this ValueTask task) => task.AsTask().WaitAsync(DefaultTimeoutSpan);

    public static Task<T> DefaultTimeout<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(DefaultTimeoutSpan);
}
