using System.Diagnostics;

namespace ChatHub.LoadGen.Load;

/// <summary>
/// An open-loop schedule: message i is due at <c>start + i / rate</c>, whatever happened to the messages before it
/// (no coordinated omission: a slow server does not slow the schedule down, and latencies are measured from the
/// intended time, not from when the request could actually be written). A dedicated thread wakes about every
/// millisecond and issues everything that is due.
/// </summary>
internal static class OpenLoopSchedule
{
    /// <summary>Runs the schedule to its end; <paramref name="issue"/> gets the index and the intended timestamp.</summary>
    public static Task RunAsync(long start, double rate, int count, Action<int, long> issue, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                var interval = Stopwatch.Frequency / rate;
                var next = 0;
                while (next < count && !cancellationToken.IsCancellationRequested)
                {
                    var now = Stopwatch.GetTimestamp();
                    var due = Math.Min(count, (int)Math.Floor((now - start) / interval) + 1);
                    for (; next < due; next++)
                    {
                        issue(next, start + (long)(next * interval));
                    }

                    if (next < count)
                    {
                        // Never spin: two cores are shared with the hub. A late wake-up only makes a burst; the
                        // intended times stay exact.
                        Thread.Sleep(1);
                    }
                }

                done.TrySetResult();
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "open-loop schedule",
        };
        thread.Start();
        return done.Task;
    }
}
