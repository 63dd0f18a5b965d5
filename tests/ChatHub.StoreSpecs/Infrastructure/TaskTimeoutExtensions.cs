using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace ChatHub.StoreSpecs.Infrastructure;

/// <summary>Every await in these tests is bounded, so a bug shows up as a failure naming the line, never as a hang.</summary>
public static class TaskTimeoutExtensions
{
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
}
