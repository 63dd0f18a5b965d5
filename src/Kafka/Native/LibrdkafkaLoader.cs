using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace ChatHub.Kafka.Native;

/// <summary>
/// Binds Confluent.Kafka to the operating system's librdkafka (Debian's <c>librdkafka1</c>) instead of the
/// <c>librdkafka.redist</c> package. Confluent.Kafka 1.9.3 loads the library with <c>dlopen</c> through
/// <c>[DllImport("libdl")]</c>, then binds its functions with <c>[DllImport("librdkafka")]</c>; neither name exists
/// on a machine without the -dev packages (only <c>libdl.so.2</c> and <c>librdkafka.so.1</c>), so a
/// <see cref="NativeLibrary"/> resolver on the Confluent.Kafka assembly maps both, and <see cref="Library.Load(string)"/>
/// loads the library once, before the first client is built. Process-wide and idempotent.
/// </summary>
internal static class LibrdkafkaLoader
{
    private static readonly Lock Gate = new();
    private static string? _loadedPath;
    private static IntPtr _handle;

    /// <summary>The file name tried when no path is configured.</summary>
    public static string DefaultPath =>
        OperatingSystem.IsWindows() ? "librdkafka.dll" : OperatingSystem.IsMacOS() ? "librdkafka.1.dylib" : "librdkafka.so.1";

    /// <summary>The library that was loaded, or null before the first <see cref="EnsureLoaded"/>.</summary>
    public static string? LoadedPath
    {
        get
        {
            lock (Gate)
            {
                return _loadedPath;
            }
        }
    }

    /// <summary>
    /// Loads librdkafka (from <paramref name="path"/>, else <see cref="DefaultPath"/>) unless it is loaded already,
    /// and returns its version string. Throws <see cref="DllNotFoundException"/> with the install hint when the
    /// library is missing.
    /// </summary>
    public static string EnsureLoaded(string? path = null)
    {
        lock (Gate)
        {
            if (_loadedPath is not null)
            {
                return Library.VersionString;
            }

            var target = string.IsNullOrWhiteSpace(path) ? DefaultPath : path;
            if (!NativeLibrary.TryLoad(target, typeof(LibrdkafkaLoader).Assembly, DllImportSearchPath.SafeDirectories, out _handle))
            {
                ThrowHelper.ThrowLibraryMissing(target);
            }

            NativeLibrary.SetDllImportResolver(typeof(Library).Assembly, Resolve);
            Library.Load(target);
            _loadedPath = target;
            return Library.VersionString;
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName == "librdkafka")
        {
            return _handle;
        }

        if (libraryName == "libdl" && OperatingSystem.IsLinux()
            && NativeLibrary.TryLoad("libdl.so.2", assembly, searchPath, out var libdl))
        {
            return libdl;
        }

        return IntPtr.Zero; // default probing
    }
}
