using System.Globalization;
using System.Runtime.InteropServices;

namespace ChatHub.Bench;

/// <summary>What the numbers were measured on.</summary>
internal static class Machine
{
    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").First().Split(':', 2)[1].Trim()
            : "?";
        return $"{cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} cores, {memory} RAM, " +
               $"{RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>Resident and peak resident memory of this process, in bytes (Linux /proc/self/status).</summary>
    public static (long Resident, long Peak) Memory()
    {
        long Read(string key) => File.ReadLines("/proc/self/status")
            .Where(line => line.StartsWith(key, StringComparison.Ordinal))
            .Select(line => long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024)
            .FirstOrDefault();
        return (Read("VmRSS"), Read("VmHWM"));
    }
}
