using System.Diagnostics;
using System.Globalization;

namespace ChatHub.Bench.Redis;

/// <summary>Runs <c>redis-benchmark ... -q --csv</c> and reads its per-command rows.</summary>
internal static class RedisBenchmarkTool
{
    public static string CommandLine(BenchmarkSettings settings, int port, int pipeline) =>
        $"redis-benchmark -h 127.0.0.1 -p {port} -c {settings.Clients} -P {pipeline} -t get,set -n {settings.Requests} -q --csv";

    public static async Task<IReadOnlyList<Measurement>> RunAsync(BenchmarkSettings settings, int port, int pipeline)
    {
        var info = new ProcessStartInfo(settings.RedisBenchmark) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in CommandLine(settings, port, pipeline).Split(' ').Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("redis-benchmark did not start.");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-benchmark exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}");
        }

        // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
        var results = new List<Measurement>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1))
        {
            var cells = line.Split(',').Select(c => c.Trim('"')).ToArray();
            results.Add(new Measurement($"redis-benchmark -P {pipeline}", cells[0], Number(cells[1]), Number(cells[4]), Number(cells[6])));
        }

        return results;
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
