using System.Globalization;
using ChatHub.LoadGen.Fakes;
using ChatHub.LoadGen.Hosting;
using ChatHub.LoadGen.Load;
using ChatHub.LoadGen.Workload;

namespace ChatHub.LoadGen;

/// <summary>
/// The whole benchmark: for each scenario and mode a fresh server process (hub or ceiling), the fixed rates, then a
/// saturation search for the highest sustained rate. Modes of one scenario run back to back under the same load
/// generator, on the same two cores, which is what makes their ratios meaningful.
/// </summary>
internal sealed class Benchmark(LoadGenOptions options, string repoRoot, string hubDll, IProgressDisplay progress)
{
    public const string Ceiling = "ceiling";
    public const string Relay = "relay";
    public const string Async = "async";
    public const string Sync = "sync";

    /// <summary>The async hub with <c>Storage:Provider=memory</c>: the ephemeral baseline of the durable default (issue 24).</summary>
    public const string Memory = "memory";

    /// <summary>The durable hub of <c>--base-hub</c> (another build, e.g. main before a change), in the same run as <see cref="Async"/>.</summary>
    public const string Base = "base";

    /// <summary>The durable hub with <c>Storage:Durability=Normal</c> (no fsync wait; a killed hub loses nothing, a power cut may).</summary>
    public const string Normal = "normal";

    /// <summary>The async hub's variants: same load and workload, another storage or build.</summary>
    private static string KindOf(string mode) => mode is Memory or Base or Normal ? Async : mode;

    private const double ModeWarmupSeconds = 10;

    /// <summary>A step that completes less than this share of its offered rate has collapsed.</summary>
    private const double CollapsedShare = 0.6;

    private readonly List<StepResult> _steps = [];
    private readonly List<ModeSummary> _modes = [];
    private int _seed = options.Seed;

    public async Task<BenchmarkResults> RunAsync(CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var loadBefore = MachineInfo.LoadAverage();
        var phrasings = QuestionSet.ReadPhrasings(Path.Combine(repoRoot, "content", "knowledge.md"));
        var exact = QuestionSet.Exact(phrasings, options.ZipfExponent, options.Seed);
        var variants = QuestionSet.WithVariants(phrasings, options.ZipfExponent, options.Seed);
        await using var fakes = await FakeServices.StartAsync(options.ModelDelayMs);
        progress.Note($"fakes (Bot API + slow model, {options.ModelDelayMs} ms) on {fakes.BaseAddress}; {phrasings.Count} knowledge-base phrasings; load average {loadBefore}");
        foreach (var scenario in options.Scenarios)
        {
            switch (scenario)
            {
                case "cache":
                    foreach (var mode in new[] { Ceiling, Relay, Base, Async, Normal, Memory, Sync })
                    {
                        await RunModeAsync(fakes, scenario, mode, KindOf(mode), options.CacheRates, options.Partitions, () => new CacheHitWorkload(exact, _seed++), search: true, web: null, cancellationToken);
                    }

                    break;
                case "mix":
                    foreach (var mode in new[] { Base, Async, Normal, Memory, Sync })
                    {
                        await RunModeAsync(fakes, scenario, mode, KindOf(mode), options.MixRates, options.Partitions, () => new MixWorkload(variants, options.MixModelShare, _seed++), search: false, web: variants, cancellationToken);
                    }

                    break;
                case "slow":
                    await RunModeAsync(fakes, scenario, Async, Async, options.SlowAsyncRates, options.Partitions, () => new SlowModelWorkload(), search: true, web: null, cancellationToken);
                    await RunModeAsync(fakes, scenario, Sync, Sync, options.SlowSyncRates, options.Partitions, () => new SlowModelWorkload(), search: true, web: null, cancellationToken);
                    if (options.Partitions != 16)
                    {
                        // The hub's default partition count, to show what it caps.
                        await RunModeAsync(fakes, scenario, "async-16p", Async, [25, 50, 100], 16, () => new SlowModelWorkload(), search: false, web: null, cancellationToken);
                    }

                    break;
                default:
                    throw new ArgumentException($"unknown scenario {scenario} (cache, mix, slow)");
            }
        }

        return new BenchmarkResults
        {
            StartedAt = started,
            FinishedAt = DateTimeOffset.UtcNow,
            Label = options.Label,
            Machine = new MachineDescription(Environment.ProcessorCount, MachineInfo.CpuModel(), MachineInfo.Memory(), MachineInfo.Os(),
                System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, loadBefore, MachineInfo.LoadAverage()),
            Settings = new SettingsDescription(options.Duration, options.Warmup, options.Timeout, options.Connections, options.ModelDelayMs,
                options.MixModelShare, options.ZipfExponent, options.WebClients, options.WebShare, options.Partitions, options.TelegramGlobalPerSecond,
                [.. options.HubArgs], phrasings.Count, variants.Count),
            Steps = _steps,
            Modes = _modes,
        };
    }

    private async Task RunModeAsync(
        FakeServices fakes, string scenario, string mode, string kind, int[] rates, int partitions, Func<IWorkload> workload,
        bool search, QuestionSet? web, CancellationToken cancellationToken)
    {
        if (options.Modes is { } only ? !only.Contains(mode, StringComparer.Ordinal) : mode is Base or Normal)
        {
            return; // base and normal only when asked for
        }

        var isHub = kind is Async or Sync;
        var log = Path.Combine(repoRoot, "artifacts", "loadgen", "logs", $"{scenario}-{mode}.log");
        var hubOptions = options;
        if (partitions != options.Partitions)
        {
            hubOptions = LoadGenOptions.Parse([]);
            hubOptions.Partitions = partitions;
            hubOptions.TelegramGlobalPerSecond = options.TelegramGlobalPerSecond;
            hubOptions.HubArgs.AddRange(options.HubArgs);
            hubOptions.HubEnvironment.AddRange(options.HubEnvironment);
            hubOptions.ChannelPosts = options.ChannelPosts;
        }

        // A fresh database per hub process, so no mode inherits another's data; deleted after the mode.
        var storage = Path.Combine(Path.GetTempPath(), "chathub-loadgen", $"{scenario}-{mode}-{Guid.NewGuid():N}");
        using var storageCleanup = new FolderCleanup(storage);
        await using var server = isHub
            ? await Servers.StartHubAsync(
                hubOptions, mode == Base ? options.BaseHubDll! : hubDll, fakes, synchronous: kind == Sync, memory: mode == Memory,
                durability: mode == Normal ? "Normal" : null, storage, log, cancellationToken)
            : await Servers.StartCeilingAsync(log, kind == Relay ? fakes.BaseAddress : null, cancellationToken);
        using var webhook = new WebhookDriver(new Uri(server.BaseAddress, "/webhooks/telegram"), Servers.WebhookSecret,
            options.Connections, TimeSpan.FromSeconds(options.Timeout + 10), ackIsReply: kind == Ceiling, channelPosts: options.ChannelPosts);
        await using var webChat = isHub && web is not null && options.WebClients > 0
            ? await WebChatDriver.StartAsync(server.BaseAddress, options.WebClients, options.Seed, cancellationToken)
            : null;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var context = new StepContext(options, fakes, webhook, webChat, web, server, isHub, http, progress);
        progress.Note($"{scenario} · {mode}: server pid {server.Pid} on {server.BaseAddress} (log {Path.GetRelativePath(repoRoot, log)})");

        // A fresh process JITs for its first seconds (tiered compilation): warm it up first, unrecorded, as a
        // long-running server would be.
        var warmupRate = Math.Min(rates.Min(), 1000);
        await StepRunner.RunAsync(context, scenario, mode + " warm-up", warmupRate, workload(), search: false, cancellationToken, warmupSeconds: 0, durationSeconds: ModeWarmupSeconds);

        var mine = new List<StepResult>();
        var skipped = new List<double>();
        foreach (var rate in rates.Order())
        {
            // Past collapse a higher rate only measures the collapse again, and its backlog takes minutes to drain.
            if (mine.Count > 0 && mine[^1].Throughput < CollapsedShare * mine[^1].OfferedRate)
            {
                skipped.Add(rate);
                continue;
            }

            mine.Add(await StepRunner.RunAsync(context, scenario, mode, rate, workload(), search: false, cancellationToken));
        }

        for (var i = 0; search && i < options.SearchSteps; i++)
        {
            if (NextProbe(mine) is not { } probe)
            {
                break;
            }

            mine.Add(await StepRunner.RunAsync(context, scenario, mode, probe, workload(), search: true, cancellationToken));
        }

        _steps.AddRange(mine);
        var best = mine.Where(s => s.Sustained).MaxBy(s => s.OfferedRate);
        _modes.Add(new ModeSummary(scenario, mode, partitions, best?.OfferedRate ?? 0, best?.Throughput ?? 0, mine.Max(s => s.Throughput),
            server.WorkingSet / 1024.0 / 1024.0, [.. skipped]));
    }

    /// <summary>Up ×1.5 while every rate is sustained; otherwise halfway between the best sustained and the first failed.</summary>
    private static double? NextProbe(List<StepResult> steps)
    {
        var ok = steps.Where(s => s.Sustained).Select(s => s.OfferedRate).DefaultIfEmpty(0).Max();
        var failed = steps.Where(s => !s.Sustained && s.OfferedRate > ok).Select(s => s.OfferedRate).DefaultIfEmpty(double.PositiveInfinity).Min();
        double next;
        if (ok == 0)
        {
            next = steps.Min(s => s.OfferedRate) / 2;
        }
        else if (double.IsPositiveInfinity(failed))
        {
            next = ok * 1.5;
        }
        else if (failed / ok < 1.08)
        {
            return null;
        }
        else
        {
            next = (ok + failed) / 2;
        }

        var step = next >= 1000 ? 100 : next >= 100 ? 10 : 1;
        next = Math.Round(next / step) * step;
        return steps.Any(s => s.OfferedRate == next) || next < 1 ? null : next;
    }

    public static string Describe(ModeSummary m) => string.Create(CultureInfo.InvariantCulture,
        $"{m.Scenario} · {m.Mode}: sustained {m.SustainedRate:N0}/s ({m.SustainedThroughput:N0} msg/s), peak {m.PeakThroughput:N0} msg/s");
}
