using System.Diagnostics;

namespace ChatHub.Inference.Tests.TestSupport;

/// <summary>Every await in a test is bounded (style.md): a hang fails the test instead of the run.</summary>
internal static class TaskTimeoutExtensions
{
    public static TimeSpan DefaultTimeoutDuration { get; } =
        Debugger.IsAttached ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(15);

    public static Task DefaultTimeout(this Task task) => task.WaitAsync(DefaultTimeoutDuration);

    public static Task<T> DefaultTimeout<T>(this Task<T> task) => task.WaitAsync(DefaultTimeoutDuration);

    public static Task DefaultTimeout(this ValueTask task) => task.AsTask().WaitAsync(DefaultTimeoutDuration);

    public static Task<T> DefaultTimeout<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(DefaultTimeoutDuration);

    public static Task<List<T>> ToListWithTimeoutAsync<T>(this IAsyncEnumerable<T> source) =>
        CollectAsync(source).WaitAsync(DefaultTimeoutDuration);

    private static async Task<List<T>> CollectAsync<T>(IAsyncEnumerable<T> source)
    {
        var items = new List<T>();
        await foreach (var item in source)
        {
            items.Add(item);
        }

        return items;
    }
}
