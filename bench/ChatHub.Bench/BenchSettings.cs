using System.Globalization;

namespace ChatHub.Bench;

/// <summary>Command-line settings shared by the benchmarks: <c>--threads N</c> (default: the cores) and <c>--tokens N</c> per reply (default 64).</summary>
internal static class BenchSettings
{
    public static int Threads { get; private set; } = Environment.ProcessorCount;

    public static int Tokens { get; private set; } = 64;

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
                default:
                    break;
            }
        }
    }
}
