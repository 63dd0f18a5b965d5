using System.Globalization;

namespace ChatHub.Bench.Kafka;

internal sealed class BenchOptions
{
    public IReadOnlyList<string> Modes { get; private set; } = ["inprocess", "kafka"];

    public int Conversations { get; private set; } = 200;

    public int Rate { get; private set; } = 100;

    public int Seconds { get; private set; } = 20;

    public int Messages { get; private set; } = 5000;

    public int Partitions { get; private set; } = 12;

    public string? Out { get; private set; }

    /// <summary><c>--hub-arg Key=Value</c>: a setting for every hub process of the run (e.g. a librdkafka property).</summary>
    public List<KeyValuePair<string, string>> HubSettings { get; } = [];

    public bool MockClusterOnly { get; private set; }

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "mock-cluster": options.MockClusterOnly = true; break;
                case "--modes": options.Modes = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--conversations": options.Conversations = NextInt(); break;
                case "--rate": options.Rate = NextInt(); break;
                case "--seconds": options.Seconds = NextInt(); break;
                case "--messages": options.Messages = NextInt(); break;
                case "--partitions": options.Partitions = NextInt(); break;
                case "--out": options.Out = Next(); break;
                case "--hub-arg":
                    var pair = Next().Split('=', 2);
                    options.HubSettings.Add(new(pair[0], pair.Length > 1 ? pair[1] : ""));
                    break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        foreach (var mode in options.Modes)
        {
            if (mode is not ("inprocess" or "kafka"))
            {
                throw new ArgumentException($"unknown mode {mode} (inprocess, kafka)");
            }
        }

        return options;
    }
}
