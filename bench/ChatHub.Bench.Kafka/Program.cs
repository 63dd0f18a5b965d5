using System.Diagnostics;
using System.Globalization;
using System.Text;
using ChatHub.Testing.Kafka;

namespace ChatHub.Bench.Kafka;

/// <summary>
/// End-to-end throughput and latency, cache answering, in-process bus vs Kafka (mock cluster) + Redis.
/// <code>
/// dotnet run -c Release --project bench/ChatHub.Bench.Kafka -- [--modes inprocess,kafka] [--conversations 200]
///     [--rate 100] [--seconds 20] [--messages 5000] [--out docs/benchmarks-kafka.md]
/// dotnet run -c Release --project bench/ChatHub.Bench.Kafka -- mock-cluster [--partitions 12]
/// </code>
/// Per mode: a warm-up, an open-loop phase at <c>--rate</c> messages/s for <c>--seconds</c> (latency at a load both
/// modes carry), then a closed-loop phase of <c>--messages</c> (each conversation sends its next message when the
/// previous one was accepted; all conversations at once): the most messages/s the setup sustains.
/// <c>mock-cluster</c> only hosts a mock cluster with the hub's topics and prints its bootstrap list (for trying the
/// three-process setup of docs/operations.md without a Kafka broker).
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = BenchOptions.Parse(args);
        if (options.MockClusterOnly)
        {
            return await HostMockClusterAsync(options);
        }

        var started = DateTimeOffset.UtcNow;
        var loadBefore = Machine.LoadAverage();
        using var cluster = new MockKafkaCluster(brokers: 3);
        var results = new List<ModeResult>();
        var index = 0;
        foreach (var mode in options.Modes)
        {
            Console.WriteLine($"== {mode}");
            results.Add(await RunModeAsync(cluster, $"b{++index}-", mode, options));
        }

        var report = Report.Markdown(options, results, started, loadBefore, Machine.LoadAverage(), string.Join(' ', args));
        Console.WriteLine(report);
        if (options.Out is { } path)
        {
            await File.WriteAllTextAsync(path, report);
            Console.WriteLine($"written to {path}");
        }

        return 0;
    }

    private static async Task<int> HostMockClusterAsync(BenchOptions options)
    {
        using var cluster = new MockKafkaCluster(brokers: 3);
        foreach (var topic in new[] { "chat.inbound", "chat.inbound.bulk", "chat.outbound", "chat.dlq" })
        {
            cluster.CreateTopic(topic, options.Partitions);
        }

        Console.WriteLine($"Kafka__BootstrapServers={cluster.BootstrapServers}");
        Console.WriteLine("Mock cluster (3 brokers) with chat.inbound, chat.inbound.bulk, chat.outbound, chat.dlq; Ctrl+C stops it.");
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.TrySetResult();
        };
        await stop.Task;
        return 0;
    }

    private static async Task<ModeResult> RunModeAsync(MockKafkaCluster cluster, string prefix, string mode, BenchOptions options)
    {
        await using var deployment = await PipelineDeployment.StartAsync(cluster, prefix);
        void Adjust(Dictionary<string, string> settings)
        {
            foreach (var (key, value) in options.HubSettings)
            {
                settings[key] = value;
            }
        }

        if (mode == "inprocess")
        {
            await deployment.StartNodeAsync("hub", "all", settings =>
            {
                foreach (var key in settings.Keys.Where(k => k.StartsWith("Kafka:", StringComparison.Ordinal) || k.Contains("Redis", StringComparison.Ordinal)).ToList())
                {
                    settings.Remove(key);
                }

                settings["Storage:Provider"] = "memory"; // the in-process baseline as it was measured: no inbox on disk
                Adjust(settings);
            });
        }
        else
        {
            await Task.WhenAll(
                deployment.StartNodeAsync("ingress", "ingress", Adjust),
                deployment.StartNodeAsync("worker", "worker", Adjust),
                deployment.StartNodeAsync("egress", "egress", Adjust));
        }

        var runner = new PhaseRunner(deployment, options.Conversations);
        Console.WriteLine("warm-up");
        await runner.ClosedLoopAsync(phase: 0, perConversation: 5);
        Console.WriteLine($"open loop: {options.Rate} msg/s for {options.Seconds} s");
        var open = await runner.OpenLoopAsync(phase: 1, options.Rate, options.Seconds);
        Console.WriteLine(open);
        Console.WriteLine($"closed loop: {options.Messages} messages");
        var closed = await runner.ClosedLoopAsync(phase: 2, perConversation: Math.Max(1, options.Messages / options.Conversations));
        Console.WriteLine(closed);
        return new ModeResult(mode, open, closed, deployment.Nodes.Select(n => n.Name).Order(StringComparer.Ordinal).ToList());
    }
}

internal sealed record ModeResult(string Mode, PhaseResult Open, PhaseResult Closed, IReadOnlyList<string> Processes);

internal sealed record PhaseResult(int Sent, int Answered, int Duplicates, double Seconds, double MessagesPerSecond, Percentiles EndToEnd, Percentiles Ack)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"sent {Sent}, answered {Answered}, duplicates {Duplicates}, {MessagesPerSecond:F0} msg/s; webhook sent → sendMessage p50 {EndToEnd.P50:F1} ms, p99 {EndToEnd.P99:F1} ms; webhook 200 p50 {Ack.P50:F1} ms, p99 {Ack.P99:F1} ms");
}

internal readonly record struct Percentiles(double P50, double P99, double Max)
{
    public static Percentiles Of(List<double> values)
    {
        if (values.Count == 0)
        {
            return new(double.NaN, double.NaN, double.NaN);
        }

        values.Sort();
        double At(double q) => values[Math.Clamp((int)Math.Ceiling(q * values.Count) - 1, 0, values.Count - 1)];
        return new(At(0.50), At(0.99), values[^1]);
    }
}

internal static class Machine
{
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public static string Cpu() => File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "n/a"
        : "n/a";

    public static string Commit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short HEAD") { RedirectStandardOutput = true, UseShellExecute = false })!;
            var commit = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return commit;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "n/a";
        }
    }
}

internal static class Report
{
    public static string Markdown(BenchOptions options, List<ModeResult> results, DateTimeOffset started, string loadBefore, string loadAfter, string arguments)
    {
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine("# End-to-end benchmark: in-process bus vs Kafka + Redis");
        md.AppendLine();
        md.AppendLine("Written by `bench/ChatHub.Bench.Kafka` (hand-written notes follow the generated part). Telegram updates are POSTed to");
        md.AppendLine("the hub's webhook; every question is a knowledge-base heading, so the hot-question cache answers (no model);");
        md.AppendLine("a loopback fake Telegram Bot API records each `sendMessage`. Latency = from the moment a POST was due (open loop)");
        md.AppendLine("or started (closed loop) to the fake receiving the `sendMessage` that answers it: ingress, bus, worker, bus,");
        md.AppendLine("egress and both HTTP hops.");
        md.AppendLine();
        md.AppendLine("- **inprocess**: one hub process, `Hub:Roles=all`, in-process bus, in-memory stores.");
        md.AppendLine("- **kafka**: three hub processes (`ingress`, `worker`, `egress`) on librdkafka's **mock cluster** (3 brokers, in");
        md.AppendLine("  the harness process, 12 partitions per topic) and a real `redis-server` (idempotency keys, leases, sessions,");
        md.AppendLine("  identities, cache L2, Telegram budgets). The mock cluster is not a real broker: no disk, no replication I/O, no");
        md.AppendLine("  network; it runs on the same two cores as everything else. Treat the Kafka numbers as the hub's own cost of");
        md.AppendLine("  running distributed (serialization, librdkafka, Redis round trips, three processes), not as Kafka's.");
        md.AppendLine("- Phases per mode: warm-up (5 messages per conversation), an **open loop** at a fixed rate (latency at a load both");
        md.AppendLine("  carry), then a **closed loop** (each conversation sends its next message once the previous was accepted, all");
        md.AppendLine("  conversations at once): the most messages/s the setup sustains, with its latency under saturation.");
        md.AppendLine();
        md.AppendLine(inv, $"| mode | processes | open loop: offered | answered / sent (dup) | p50 | p99 | max | closed loop: msg/s | answered / sent (dup) | p50 | p99 |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            md.AppendLine(inv, $"| {r.Mode} | {string.Join(", ", r.Processes)} | {options.Rate} msg/s × {options.Seconds} s | {r.Open.Answered} / {r.Open.Sent} ({r.Open.Duplicates}) | {r.Open.EndToEnd.P50:F1} ms | {r.Open.EndToEnd.P99:F1} ms | {r.Open.EndToEnd.Max:F0} ms | **{r.Closed.MessagesPerSecond:F0}** | {r.Closed.Answered} / {r.Closed.Sent} ({r.Closed.Duplicates}) | {r.Closed.EndToEnd.P50:F0} ms | {r.Closed.EndToEnd.P99:F0} ms |");
        }

        md.AppendLine();
        md.AppendLine("Webhook acknowledgement (POST → 200), open loop: "
            + string.Join("; ", results.Select(r => string.Create(inv, $"{r.Mode} p50 {r.Open.Ack.P50:F1} ms, p99 {r.Open.Ack.P99:F1} ms"))));
        md.AppendLine();
        md.AppendLine(inv, $"- started {started:yyyy-MM-dd HH:mm} UTC, commit `{Machine.Commit()}`, `nproc` = {Environment.ProcessorCount}, CPU: {Machine.Cpu()}");
        md.AppendLine(inv, $"- load average (1/5/15 min) before: {loadBefore}, after: {loadAfter}");
        md.AppendLine(inv, $"- command: `dotnet run -c Release --project bench/ChatHub.Bench.Kafka -- {arguments}`");
        return md.ToString();
    }
}
