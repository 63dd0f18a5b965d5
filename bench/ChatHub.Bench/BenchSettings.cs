using System.Globalization;

namespace ChatHub.Bench;

/// <summary>
/// Command-line settings shared by the benchmarks: <c>--threads N</c> (default: the cores), <c>--tokens N</c> per reply
/// (default 64), and, to run a part quickly, <c>--models q4_0,q8_0</c>, <c>--conversations 1,8</c> (throughput; default
/// 1,4,8,16; batching and layout take the largest), <c>--repeats N</c> (rounds; default 3) and <c>--turns N</c> (follow-up:
/// turns per conversation with the cache held; default 4).
/// </summary>
internal static class BenchSettings
{
    public static int Threads { get; private set; } = Environment.ProcessorCount;

    public static int Tokens { get; private set; } = 64;

    public static string[] Models { get; private set; } = ["q8_0", "q4_0"];

    public static int[] Conversations { get; private set; } = [1, 4, 8, 16];

    public static int Repeats { get; private set; } = 3;

    public static int Turns { get; private set; } = 4;

    /// <summary><c>--prompt-cache off</c>: the batching and throughput engines without the prompt cache.</summary>
    public static bool PromptCache { get; private set; } = true;

    public static void Parse(string[] args)
    {
        for (var i = 0; i + 1 < args.Length; i++)
        {
            switch (args[i])
            {
                case "--threads":
                    Threads = Math.Clamp(int.Parse(args[i + 1], CultureInfo.InvariantCulture), 1, Environment.ProcessorCount);
                    break;
                case "--tokens":
                    Tokens = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--models":
                    Models = args[i + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    break;
                case "--conversations":
                    Conversations = [.. args[i + 1].Split(',').Select(value => int.Parse(value, CultureInfo.InvariantCulture))];
                    break;
                case "--prompt-cache":
                    PromptCache = args[i + 1] != "off";
                    break;
                case "--turns":
                    Turns = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--repeats":
                    Repeats = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                default:
                    break;
            }
        }
    }
}
