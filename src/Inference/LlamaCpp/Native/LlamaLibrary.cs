using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatHub.Inference.LlamaCpp.Native;

/// <summary>
/// Loads the llama.cpp libraries once per process, only when asked (a configured model, the quantize command, a
/// test): maps the import names to the versioned files of one folder, routes the native log, loads the ggml backends
/// (without them no model loads), and checks the struct layouts against the library's defaults
/// (<see cref="LlamaStructLayout"/>) so that a mismatched library fails loudly at start.
/// </summary>
internal static unsafe class LlamaLibrary
{
    /// <summary>The llama.cpp release the binding was written against (npm @node-llama-cpp/linux-x64 3.22.1).</summary>
    public const string ExpectedVersion = "0.5.0";

    public const string LlamaFileName = "libllama.v0.5.0.so";
    public const string GgmlFileName = "libggml.v0.5.0.so";
    public const string GgmlBaseFileName = "libggml-base.so";

    private static readonly Lock Gate = new();
    private static string? s_directory;
    private static nint s_llama;
    private static nint s_ggml;
    private static bool s_resolverSet;
    private static LlamaLibraryInfo? s_info;

    /// <summary>The loaded library, or null before the first successful <see cref="EnsureLoaded"/>.</summary>
    public static LlamaLibraryInfo? Info => Volatile.Read(ref s_info);

    /// <summary>
    /// Loads the libraries from <paramref name="directory"/> (default: next to the app) unless already loaded.
    /// Throws <see cref="LlamaLibraryException"/> with what to do when they are missing or do not match.
    /// </summary>
    public static LlamaLibraryInfo EnsureLoaded(string? directory = null, ILoggerFactory? loggerFactory = null)
    {
        lock (Gate)
        {
            if (s_info is { } loaded)
            {
                return loaded;
            }

            var folder = Path.GetFullPath(string.IsNullOrWhiteSpace(directory) ? AppContext.BaseDirectory : directory);
            var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("ChatHub.Inference.LlamaCpp.Native");
            CheckFiles(folder);
            s_directory = folder;
            if (!s_resolverSet)
            {
                NativeLibrary.SetDllImportResolver(typeof(LlamaLibrary).Assembly, Resolve);
                s_resolverSet = true;
            }

            s_llama = Load(Path.Combine(folder, LlamaFileName));
            s_ggml = Load(Path.Combine(folder, GgmlFileName));
            LlamaNativeLog.SetLogger(logger);
            LlamaNative.LogSet(LlamaNativeLog.Callback, null);
            GgmlNative.BackendLoadAllFromPath(folder);
            var devices = (int)GgmlNative.BackendDeviceCount();
            if (devices == 0)
            {
                throw new LlamaLibraryException(
                    $"llama.cpp loaded no compute backend from '{folder}' (no usable libggml-cpu-*.so for this CPU).");
            }

            LlamaNative.BackendInit();
            LlamaStructLayout.Verify(s_llama);
            var version = Marshal.PtrToStringUTF8((nint)LlamaNative.Version()) ?? string.Empty;
            if (!version.StartsWith(ExpectedVersion, StringComparison.Ordinal))
            {
                throw new LlamaLibraryException(
                    $"'{Path.Combine(folder, LlamaFileName)}' reports llama.cpp version '{version}'; ChatHub's binding needs {ExpectedVersion}.");
            }

            var info = new LlamaLibraryInfo(folder, version, devices, Marshal.PtrToStringUTF8((nint)LlamaNative.SystemInfo()) ?? string.Empty);
            Log.LlamaLibraryLoaded(logger, folder, version, devices);
            Volatile.Write(ref s_info, info);
            return info;
        }
    }

    internal static void CheckFiles(string folder)
    {
        string[] required = [LlamaFileName, GgmlFileName, GgmlBaseFileName];
        var missing = required.Where(name => !File.Exists(Path.Combine(folder, name))).ToList();
        if (Directory.Exists(folder) && Directory.GetFiles(folder, "libggml-cpu-*.so").Length == 0)
        {
            missing.Add("libggml-cpu-*.so");
        }

        if (missing.Count > 0)
        {
            throw new LlamaLibraryException(
                $"The llama.cpp native libraries are missing from '{folder}': {string.Join(", ", missing)}. They come from the " +
                "npm package @node-llama-cpp/linux-x64@3.22.1, installed and copied next to the app by the build " +
                "(src/Inference/LlamaCpp/LlamaCpp.targets; needs npm). Build without -p:ChatHubSkipLlamaNative=true, or set " +
                "Inference:Model:NativeLibraryPath to a folder that holds them.");
        }
    }

    private static nint Load(string path)
    {
        try
        {
            return NativeLibrary.Load(path);
        }
        catch (DllNotFoundException ex)
        {
            throw new LlamaLibraryException(
                $"'{path}' could not be loaded ({ex.Message}). It needs x86-64 Linux with glibc 2.34 or later and libstdc++ (GLIBCXX_3.4.29).", ex);
        }
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) => name switch
    {
        LlamaNative.Library => s_llama != 0 ? s_llama : Load(Path.Combine(s_directory!, LlamaFileName)),
        GgmlNative.Library => s_ggml != 0 ? s_ggml : Load(Path.Combine(s_directory!, GgmlFileName)),
        _ => 0,
    };
}
