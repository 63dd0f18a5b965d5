using ChatHub.Inference.LlamaCpp;
using ChatHub.Testing.Gguf;

namespace ChatHub.Bench;

/// <summary>The benchmark's models: the 135M shape generated in F16 (random weights, fixed seed) and quantized to Q8_0 and Q4_0, kept under artifacts/bench.</summary>
internal static class BenchModels
{
    public static string Directory { get; } = Path.Combine(FindRoot(), "artifacts", "bench");

    public static string F16 => Path.Combine(Directory, "smol135m-f16.gguf");

    public static string Q8 => Path.Combine(Directory, "smol135m-q8_0.gguf");

    public static string Q4 => Path.Combine(Directory, "smol135m-q4_0.gguf");

    public static string PathOf(string type) => type switch
    {
        "f16" => F16,
        "q8_0" => Q8,
        "q4_0" => Q4,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "f16, q8_0 or q4_0"),
    };

    public static async Task EnsureAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        if (!File.Exists(F16))
        {
            Console.WriteLine($"Generating {F16} ({SyntheticModelShape.SmolLm135M.ParameterCount:N0} parameters)...");
            SyntheticModel.Write(F16 + ".tmp", SyntheticModelShape.SmolLm135M, GgmlType.F16, seed: 135);
            File.Move(F16 + ".tmp", F16, overwrite: true);
        }

        foreach (var (type, path) in new[] { ("q8_0", Q8), ("q4_0", Q4) })
        {
            if (!File.Exists(path))
            {
                var exit = await QuantizeCommand.RunAsync(["--in", F16, "--out", path, "--type", type], Console.Out, Console.Error);
                if (exit != QuantizeCommand.Success)
                {
                    throw new InvalidOperationException($"Quantizing to {type} failed ({exit}).");
                }
            }
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ChatHub.sln")))
            {
                return directory.FullName;
            }
        }

        return System.IO.Directory.GetCurrentDirectory();
    }
}
