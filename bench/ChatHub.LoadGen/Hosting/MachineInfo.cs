using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace ChatHub.LoadGen.Hosting;

/// <summary>What the numbers were measured on, and how busy the machine was meanwhile (Linux /proc).</summary>
internal static class MachineInfo
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux

    public static string CpuModel() =>
        ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        ?? RuntimeInformation.ProcessArchitecture.ToString();

    public static string Memory()
    {
        var kb = ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))?.Split(':', 2)[1].Trim().Split(' ')[0];
        return kb is null ? "?" : string.Create(CultureInfo.InvariantCulture, $"{long.Parse(kb, CultureInfo.InvariantCulture) / 1024.0 / 1024.0:0.0} GiB");
    }

    public static string Os() =>
        ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"')
        ?? RuntimeInformation.OSDescription;

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>Busy CPU time of the whole machine (all cores), from the first line of /proc/stat.</summary>
    public static TimeSpan MachineBusy()
    {
        var line = ReadLines("/proc/stat").FirstOrDefault();
        if (line is null)
        {
            return TimeSpan.Zero;
        }

        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already in user)
        var busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + (fields.Length > 7 ? fields[7] : 0);
        return TimeSpan.FromSeconds(busy / ClockTicksPerSecond);
    }

    public static TimeSpan SelfCpu() => Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>Established TCP connections whose server side is the local <paramref name="port"/> (IPv4, /proc/net/tcp).</summary>
    public static int ConnectionsTo(int port)
    {
        var hexPort = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        return ReadLines("/proc/net/tcp").Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Count(f => f.Length > 3 && f[1].EndsWith(hexPort, StringComparison.Ordinal) && f[3] == "01");
    }

    private static IEnumerable<string> ReadLines(string path) => File.Exists(path) ? File.ReadLines(path) : [];
}
