using System.Runtime.InteropServices;

namespace ChatHub.Inference.LlamaCpp.Native;

/// <summary>The few ggml functions ChatHub needs: backend loading (libggml) and thread-count-free diagnostics.</summary>
internal static partial class GgmlNative
{
    public const string Library = "ggml";

    /// <summary>Loads the best CPU (and any GPU) backend found in <paramref name="directory"/>; without it no model loads.</summary>
    [LibraryImport(Library, EntryPoint = "ggml_backend_load_all_from_path", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void BackendLoadAllFromPath(string directory);

    [LibraryImport(Library, EntryPoint = "ggml_backend_dev_count")]
    public static partial nuint BackendDeviceCount();
}
