using System.Diagnostics;
using System.Globalization;
using ChatHub.Inference.LlamaCpp.Native;
using Microsoft.Extensions.Logging;

namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// <c>ChatHub.Hub quantize --in model.gguf --out model-q8_0.gguf --type q8_0|q4_0|q4_k_m [--threads N]</c>:
/// llama.cpp's quantizer (<c>llama_model_quantize</c>) with a progress display. Exit codes: 0 done, 1 the quantizer
/// failed, 2 bad arguments or input (a missing file, not a GGUF file).
/// </summary>
public static class QuantizeCommand
{
    public const string Name = "quantize";
    public const int Success = 0;
    public const int Failed = 1;
    public const int InvalidInput = 2;

    private const string Usage =
        "Usage: quantize --in <model.gguf> --out <output.gguf> --type q8_0|q4_0|q4_k_m [--threads <n>] [--native <folder>]";

    private static readonly Dictionary<string, LlamaFileType> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["q8_0"] = LlamaFileType.MostlyQ8_0,
        ["q4_0"] = LlamaFileType.MostlyQ4_0,
        ["q4_k_m"] = LlamaFileType.MostlyQ4_K_M,
    };

    /// <summary>Whether <paramref name="args"/> asks for this command (its first argument is <c>quantize</c>).</summary>
    public static bool IsInvocation(IReadOnlyList<string> args) =>
        args is { Count: > 0 } && string.Equals(args[0], Name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs the command; <paramref name="args"/> may start with the command name.</summary>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!QuantizeArguments.TryParse(IsInvocation(args) ? args.Skip(1).ToList() : args, out var arguments, out var problem))
        {
            await error.WriteLineAsync($"quantize: {problem}{Environment.NewLine}{Usage}".AsMemory(), cancellationToken);
            return InvalidInput;
        }

        if (CheckInput(arguments, Types) is { } invalid)
        {
            await error.WriteLineAsync($"quantize: {invalid}".AsMemory(), cancellationToken);
            return InvalidInput;
        }

        try
        {
            LlamaLibrary.EnsureLoaded(arguments.NativeDirectory);
        }
        catch (LlamaLibraryException ex)
        {
            await error.WriteLineAsync($"quantize: {ex.Message}".AsMemory(), cancellationToken);
            return Failed;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var progress = new QuantizeProgress(output, interactive: ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected);
        var errors = new List<string>();
        var stopwatch = Stopwatch.StartNew();
        uint result;
        using (LlamaNativeLog.Observe((level, line) =>
               {
                   progress.OnNativeLine(line);
                   if (level >= LogLevel.Error)
                   {
                       lock (errors)
                       {
                           errors.Add(line);
                       }
                   }
               }))
        {
            result = await Task.Run(() => Quantize(arguments, Types[arguments.Type]), cancellationToken);
        }

        progress.Complete();
        if (result != 0 || !File.Exists(arguments.Output))
        {
            await error.WriteLineAsync(
                $"quantize: llama.cpp could not quantize '{arguments.Input}' (code {result}).{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", errors)}".AsMemory(),
                cancellationToken);
            return Failed;
        }

        var inputBytes = new FileInfo(arguments.Input).Length;
        var outputBytes = new FileInfo(arguments.Output).Length;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Quantized {arguments.Input} ({inputBytes:N0} bytes) to {arguments.Output} ({outputBytes:N0} bytes, {arguments.Type.ToUpperInvariant()}, {100.0 * outputBytes / inputBytes:F1}%) in {stopwatch.Elapsed.TotalSeconds:F1} s.").AsMemory(),
            cancellationToken);
        return Success;
    }

    /// <summary>Why the input cannot be quantized, or null when it can.</summary>
    internal static string? CheckInput(QuantizeArguments arguments, IReadOnlyDictionary<string, LlamaFileType> types)
    {
        if (!types.ContainsKey(arguments.Type))
        {
            return $"unknown type '{arguments.Type}'; use one of {string.Join(", ", types.Keys)}.";
        }

        if (!File.Exists(arguments.Input))
        {
            return $"the input model '{arguments.Input}' does not exist.";
        }

        Span<byte> magic = stackalloc byte[4];
        using (var stream = File.OpenRead(arguments.Input))
        {
            if (stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) < 4 || !magic.SequenceEqual("GGUF"u8))
            {
                return $"the input '{arguments.Input}' is not a GGUF model (it does not start with 'GGUF').";
            }
        }

        if (string.Equals(Path.GetFullPath(arguments.Input), Path.GetFullPath(arguments.Output), StringComparison.Ordinal))
        {
            return "--out must differ from --in.";
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(arguments.Output));
        return folder is not null && !Directory.Exists(folder) ? $"the output folder '{folder}' does not exist." : null;
    }

    private static unsafe uint Quantize(QuantizeArguments arguments, LlamaFileType type)
    {
        var parameters = LlamaNative.ModelQuantizeDefaultParams();
        parameters.FileType = type;
        parameters.ThreadCount = Math.Clamp(arguments.Threads ?? Environment.ProcessorCount, 1, Environment.ProcessorCount);
        return LlamaNative.ModelQuantize(arguments.Input, arguments.Output, &parameters);
    }
}
