using System.Diagnostics;
using StackExchange.Redis;

namespace ChatHub.Bench.Redis;

/// <summary>
/// StackExchange.Redis the way redis-benchmark drives the server: <see cref="BenchmarkSettings.Clients"/> concurrent
/// callers, each awaiting its command before sending the next (one outstanding command per caller, like <c>-P 1</c>),
/// all sharing one <see cref="IConnectionMultiplexer"/> (one multiplexed connection, as the hub uses it). Same key and
/// 3-byte value as redis-benchmark's defaults.
/// </summary>
internal static class MultiplexerLoad
{
    private const string Key = "key:__rand_int__";
    private static readonly byte[] Value = "xxx"u8.ToArray();

    public static async Task<Measurement> RunAsync(IDatabase client, string command, int requests, int callers)
    {
        var perCaller = requests / callers;
        var latencies = new long[callers][];
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = new Task[callers];
        for (var c = 0; c < callers; c++)
        {
            var samples = latencies[c] = new long[perCaller];
            tasks[c] = Task.Run(async () =>
            {
                await start.Task;
                for (var i = 0; i < perCaller; i++)
                {
                    var began = Stopwatch.GetTimestamp();
                    if (command == "SET")
                    {
                        await client.StringSetAsync(Key, Value);
                    }
                    else
                    {
                        await client.StringGetAsync(Key);
                    }

                    samples[i] = Stopwatch.GetTimestamp() - began;
                }
            });
        }

        var clock = Stopwatch.StartNew();
        start.SetResult();
        await Task.WhenAll(tasks);
        clock.Stop();

        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new Measurement(
            $"StackExchange.Redis, {callers} callers, 1 multiplexer", command, all.Length / clock.Elapsed.TotalSeconds, Milliseconds(all, 0.50), Milliseconds(all, 0.99));
    }

    private static double Milliseconds(long[] sorted, double quantile) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
}
