using System.Globalization;

namespace ChatHub.LoadGen;

/// <summary>Command-line settings (<c>--name value</c>); every run is bounded by them in time and count.</summary>
internal sealed class LoadGenOptions
{
    /// <summary>Where benchmarks.md goes; plots, JSON and CSV go to its <c>benchmarks/</c> subfolder.</summary>
    public string OutDirectory { get; set; } = "docs";

    /// <summary>The report's name: <c>{name}.md</c> in <see cref="OutDirectory"/>, data in <c>benchmarks/</c> (default) or <c>{name}/</c>.</summary>
    public string ReportName { get; set; } = "benchmarks";

    /// <summary>The hub's ChatHub.Hub.dll; when unset the hub is published to artifacts/loadgen/hub first.</summary>
    public string? HubDll { get; set; }

    /// <summary>The baseline build's ChatHub.Hub.dll for the <c>base</c> mode (durable, like <c>async</c>), compared in the same run.</summary>
    public string? BaseHubDll { get; set; }

    /// <summary>Scenarios to run, in order: cache, mix, slow.</summary>
    public string[] Scenarios { get; set; } = ["cache", "mix", "slow"];

    /// <summary>Modes to run (ceiling, async, sync, async-16p); default all.</summary>
    public string[]? Modes { get; set; }

    /// <summary>Measured seconds per step (after the warm-up).</summary>
    public double Duration { get; set; } = 8;

    /// <summary>Seconds of load before measuring, per step (JIT, connection pools, caches).</summary>
    public double Warmup { get; set; } = 2;

    /// <summary>A message with no reply this long after its intended send time is lost.</summary>
    public double Timeout { get; set; } = 5;

    /// <summary>Concurrent HTTP connections to the webhook (Telegram's max_connections: 1–100, default 40).</summary>
    public int Connections { get; set; } = 100;

    /// <summary>Offered rates (webhook messages/s) of the cache-hit scenario.</summary>
    public int[] CacheRates { get; set; } = [1000, 2500, 5000, 7500, 10000];

    /// <summary>Offered rates of the Zipf mix.</summary>
    public int[] MixRates { get; set; } = [1000, 2500, 5000];

    /// <summary>Offered rates of the slow-model scenario, synchronous baseline.</summary>
    public int[] SlowSyncRates { get; set; } = [50, 100, 200, 300, 400];

    /// <summary>Offered rates of the slow-model scenario, asynchronous pipeline.</summary>
    public int[] SlowAsyncRates { get; set; } = [250, 500, 1000, 2000, 3500];

    /// <summary>Extra probes above (or between) the fixed rates to find the highest sustained rate.</summary>
    public int SearchSteps { get; set; } = 3;

    /// <summary>The slow model's delay before it answers.</summary>
    public int ModelDelayMs { get; set; } = 300;

    /// <summary>Share of model-bound (unknown, never cached) questions in the Zipf mix.</summary>
    public double MixModelShare { get; set; } = 0.05;

    /// <summary>Zipf exponent over the question vocabulary.</summary>
    public double ZipfExponent { get; set; } = 1.1;

    /// <summary>SignalR web-chat clients in the Zipf mix, and their share of the offered rate (capped at 100/s).</summary>
    public int WebClients { get; set; } = 16;

    public double WebShare { get; set; } = 0.02;

    /// <summary>Bus partitions of the hub (hub default 16); see docs/benchmarks.md for why the benchmark raises it.</summary>
    public int Partitions { get; set; } = 1024;

    /// <summary>The hub's Telegram GlobalPerSecond budget (the hub validates 1–1,000,000; hubs before that, 1–1000).</summary>
    public int TelegramGlobalPerSecond { get; set; } = 100_000;

    /// <summary>Extra hub arguments (repeatable: --hub-arg --Key=Value).</summary>
    public List<string> HubArgs { get; } = [];

    /// <summary>Extra environment variables of the hub process (repeatable: --hub-env NAME=VALUE), e.g. DOTNET_gcServer=0.</summary>
    public List<string> HubEnvironment { get; } = [];

    /// <summary>
    /// Experiment: send channel posts instead of private messages. The hub shows no typing indicator in channels, so
    /// comparing the two isolates the cost of the sendChatAction call that precedes every reply.
    /// </summary>
    public bool ChannelPosts { get; set; }

    /// <summary>Label for this run in the report (e.g. "experimental build").</summary>
    public string? Label { get; set; }

    public int Seed { get; set; } = 11;

    /// <summary>Only regenerate the report (Markdown, plots, CSV) from an earlier run's results.json.</summary>
    public string? FromJson { get; set; }

    public static LoadGenOptions Parse(string[] args)
    {
        var o = new LoadGenOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            switch (name)
            {
                case "--out": o.OutDirectory = Next(); break;
                case "--report": o.ReportName = Next(); break;
                case "--hub": o.HubDll = Next(); break;
                case "--base-hub": o.BaseHubDll = Next(); break;
                case "--scenarios": o.Scenarios = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--modes": o.Modes = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--duration": o.Duration = Double(Next()); break;
                case "--warmup": o.Warmup = Double(Next()); break;
                case "--timeout": o.Timeout = Double(Next()); break;
                case "--connections": o.Connections = Int(Next()); break;
                case "--cache-rates": o.CacheRates = Ints(Next()); break;
                case "--mix-rates": o.MixRates = Ints(Next()); break;
                case "--slow-sync-rates": o.SlowSyncRates = Ints(Next()); break;
                case "--slow-async-rates": o.SlowAsyncRates = Ints(Next()); break;
                case "--search-steps": o.SearchSteps = Int(Next()); break;
                case "--model-delay-ms": o.ModelDelayMs = Int(Next()); break;
                case "--mix-model-share": o.MixModelShare = Double(Next()); break;
                case "--zipf": o.ZipfExponent = Double(Next()); break;
                case "--web-clients": o.WebClients = Int(Next()); break;
                case "--web-share": o.WebShare = Double(Next()); break;
                case "--partitions": o.Partitions = Int(Next()); break;
                case "--telegram-global-per-second": o.TelegramGlobalPerSecond = Int(Next()); break;
                case "--hub-arg": o.HubArgs.Add(Next()); break;
                case "--hub-env": o.HubEnvironment.Add(Next()); break;
                case "--channel-posts": o.ChannelPosts = true; break;
                case "--label": o.Label = Next(); break;
                case "--seed": o.Seed = Int(Next()); break;
                case "--from-json": o.FromJson = Next(); break;
                case "--quick":
                    o.Duration = 3;
                    o.Warmup = 1;
                    o.SearchSteps = 1;
                    break;
                default: throw new ArgumentException($"unknown option {name}");
            }
        }

        if (o.Modes?.Contains(Benchmark.Base, StringComparer.Ordinal) == true && o.BaseHubDll is null)
        {
            throw new ArgumentException("mode base needs --base-hub PATH (the baseline build's ChatHub.Hub.dll)");
        }

        return o;
    }

    public const string Usage = """
        ChatHub.LoadGen: drives a hub process through its Telegram webhook and SignalR web chat.
          --out DIR                 benchmarks.md goes here, plots/JSON/CSV to DIR/benchmarks (default docs)
          --hub PATH                ChatHub.Hub.dll to run (default: publish src/Hub to artifacts/loadgen/hub)
          --scenarios a,b           cache, mix, slow (default all)
          --modes a,b               ceiling, relay, async, memory, normal, base, sync, async-16p (default all but normal and base; memory: async
                                    with Storage:Provider=memory; normal: with Storage:Durability=Normal; base: the --base-hub build)
          --base-hub PATH           the baseline build's ChatHub.Hub.dll for mode base (durable, Full), e.g. main before a change
          --report NAME             report file NAME.md, data in NAME/ (default benchmarks, data in benchmarks/)
          --duration S --warmup S   measured and warm-up seconds per step (8, 2); --quick = 3, 1
          --timeout S               no reply after S seconds = lost (5)
          --connections N           webhook HTTP connections (100, Telegram's max_connections maximum)
          --cache-rates, --mix-rates, --slow-sync-rates, --slow-async-rates  comma-separated msg/s
          --search-steps N          saturation-search probes per mode (3)
          --model-delay-ms N        the fake model's delay (300)
          --partitions N            hub Bus:InProcess:Partitions (1024)
          --telegram-global-per-second N   hub Channels:Telegram:GlobalPerSecond (100000: the fake Bot API has no limit)
          --hub-arg --Key=Value     extra hub configuration (repeatable)
          --hub-env NAME=VALUE      extra hub environment (repeatable), e.g. DOTNET_gcServer=0
          --channel-posts           experiment: channel posts (no typing indicator) instead of private chats
          --label TEXT              names the run in the report
          --from-json FILE          no run: rewrite the report and plots from an earlier results.json
        """;

    private static double Double(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);

    private static int[] Ints(string s) => [.. s.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Int)];
}
