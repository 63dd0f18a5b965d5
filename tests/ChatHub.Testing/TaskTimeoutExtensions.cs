using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace ChatHub.Testing;

/// <summary>
/// Every await in a test is bounded (docs/style.md), so a bug shows up as a failure naming the line, never as a hang:
/// <c>await task.DefaultTimeout()</c>.
/// </summary>
public static class TaskTimeoutExtensions
{
    /// <summary>30 seconds (10 minutes under a debugger): long enough for a loaded 2-core machine, short enough for CI.</summary>
    public static TimeSpan DefaultTimeoutSpan { get; } = Debugger.IsAttached ? TimeSpan.FromMinutes(10) : TimeSpan.FromSeconds(30);

    public static async Task DefaultTimeout(this Task task, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        try
        {
            await task.WaitAsync(DefaultTimeoutSpan);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new TimeoutException($"Timed out after {DefaultTimeoutSpan} awaiting at {Path.GetFileName(file)}:{line}.");
        }
    }

    public static async Task<T> DefaultTimeout<T>(this Task<T> task, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        await ((Task)task).DefaultTimeout(file, line);
        return await task;
    }

    public static Task DefaultTimeout(this ValueTask task, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        task.AsTask().DefaultTimeout(file, line);

    public static Task<T> DefaultTimeout<T>(this ValueTask<T> task, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        task.AsTask().DefaultTimeout(file, line);

    /// <summary>Reads the whole sequence, within <see cref="DefaultTimeoutSpan"/>.</summary>
    public static Task<List<T>> ToListWithTimeoutAsync<T>(this IAsyncEnumerable<T> source, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        CollectAsync(source).DefaultTimeout(file, line);

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
