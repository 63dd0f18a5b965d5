namespace ChatHub.Bench.Redis;

/// <summary>One tool's result for one command: throughput and latency percentiles (milliseconds).</summary>
internal sealed record Measurement(string Tool, string Command, double OpsPerSecond, double P50Ms, double P99Ms);
