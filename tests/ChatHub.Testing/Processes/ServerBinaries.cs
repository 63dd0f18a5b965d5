namespace ChatHub.Testing.Processes;

/// <summary>
/// Finds the server executables. A missing one is a failed test with instructions, never a skipped test: CI must not
/// pass by silently testing nothing.
/// </summary>
public static class ServerBinaries
{
    private const string InstallHint = "Run scripts/deps/redis.sh (as root) to install both servers.";

    /// <summary>REDIS_SERVER, else redis-server on PATH.</summary>
    public static string Redis() => Redis(Environment.GetEnvironmentVariable);

    /// <summary>GARNET_SERVER, else the garnet-server .NET tool installed in the repository's .tools folder.</summary>
    public static string Garnet() => Garnet(Environment.GetEnvironmentVariable);

    internal static string Redis(Func<string, string?> environment)
    {
        var configured = environment("REDIS_SERVER");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : throw Missing($"REDIS_SERVER points to '{configured}', which does not exist.");
        }

        foreach (var directory in (environment("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "redis-server");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw Missing("redis-server is not on PATH and REDIS_SERVER is not set.");
    }

    internal static string Garnet(Func<string, string?> environment)
    {
        var configured = environment("GARNET_SERVER");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : throw Missing($"GARNET_SERVER points to '{configured}', which does not exist.");
        }

        var toolPath = Path.Combine(RepositoryRoot(), ".tools", "garnet-server");
        return File.Exists(toolPath) ? toolPath : throw Missing($"garnet-server is not at {toolPath} and GARNET_SERVER is not set.");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Directory.Packages.props")))
            {
                return directory.FullName;
            }
        }

        throw Missing("the repository root (Directory.Packages.props) was not found above the test binaries.");
    }

    private static InvalidOperationException Missing(string problem) => new($"{problem} {InstallHint}");
}
