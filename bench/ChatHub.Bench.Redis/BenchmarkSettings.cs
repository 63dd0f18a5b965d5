using System.Globalization;

namespace ChatHub.Bench.Redis;

/// <summary>
/// Command-line settings: <c>--requests N --clients C --pipeline P --rounds R --output FILE --redis-server PATH
/// --redis-benchmark PATH</c>.
/// </summary>
internal sealed record BenchmarkSettings(int Requests, int Clients, int ReferencePipeline, int Rounds, string? Output, string RedisServer, string RedisBenchmark)
{
    public static BenchmarkSettings Parse(string[] args)
    {
        var settings = new BenchmarkSettings(200_000, 50, 16, 3, null, "redis-server", "redis-benchmark");
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--requests" => settings with { Requests = int.Parse(value, CultureInfo.InvariantCulture) },
                "--clients" => settings with { Clients = int.Parse(value, CultureInfo.InvariantCulture) },
                "--pipeline" => settings with { ReferencePipeline = int.Parse(value, CultureInfo.InvariantCulture) },
                "--rounds" => settings with { Rounds = int.Parse(value, CultureInfo.InvariantCulture) },
                "--output" => settings with { Output = value },
                "--redis-server" => settings with { RedisServer = value },
                "--redis-benchmark" => settings with { RedisBenchmark = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }

        return settings;
    }
}
