using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ChatHub.Testing.Processes;

/// <summary>
/// The real hub as a child process (src/Hub's build output for the caller's configuration: <c>dotnet ChatHub.Hub.dll
/// --urls http://127.0.0.1:0 --Key=Value...</c>; the calling project builds it with a ProjectReference that does not
/// reference its assembly). Started when it listens and <c>/readyz</c> answers 200; <see cref="Kill"/> is
/// <c>kill -9</c> (SIGKILL by PID: no drain, no commit, no lease release). Its output goes to a log file, and the
/// log lines are counted by event id (redeliveries the pipeline skipped or waited on, replays of the durable inbox).
/// </summary>
public sealed partial class HubProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(150);
    private readonly Process _process;
    private readonly StreamWriter _logFile;
    private readonly ConcurrentQueue<string> _tail;
    private readonly ConcurrentDictionary<int, int> _events;

    private HubProcess(string name, Process process, StreamWriter logFile, ConcurrentQueue<string> tail, ConcurrentDictionary<int, int> events, Uri address)
    {
        Name = name;
        _process = process;
        _logFile = logFile;
        _tail = tail;
        _events = events;
        Address = address;
    }

    public string Name { get; }

    public Uri Address { get; }

    public int Pid => _process.Id;

    /// <summary>The last lines the hub wrote (for failure messages).</summary>
    public string Tail => string.Join('\n', _tail);

    /// <summary>How many log lines with this event id the process wrote.</summary>
    public int Events(int eventId) => _events.GetValueOrDefault(eventId);

    /// <param name="name">Names the log file (and the process in failure messages).</param>
    /// <param name="settings">Configuration, passed as <c>--Key=Value</c> arguments.</param>
    /// <param name="logDirectory">Where the log file goes; the test's output folder's <c>hub-logs</c> when null.</param>
    public static async Task<HubProcess> StartAsync(string name, IReadOnlyDictionary<string, string> settings, string? logDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        logDirectory ??= Path.Combine(AppContext.BaseDirectory, "hub-logs");
        var dll = HubDll();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!, // the content root: content/knowledge.md is there
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var (key, value) in settings)
        {
            info.ArgumentList.Add($"--{key}={value}");
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["DOTNET_gcServer"] = "0"; // several hubs share two cores with the test
        Directory.CreateDirectory(logDirectory);
        var logFile = new StreamWriter(Path.Combine(logDirectory, $"{name}-{DateTime.UtcNow:HHmmss.fff}.log")) { AutoFlush = true };
        var tail = new ConcurrentQueue<string>();
        var events = new ConcurrentDictionary<int, int>();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        void OnLine(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (logFile)
            {
                logFile.WriteLine(e.Data);
            }

            tail.Enqueue(e.Data);
            while (tail.Count > 200 && tail.TryDequeue(out _))
            {
            }

            if (EventId().Match(e.Data) is { Success: true } id)
            {
                events.AddOrUpdate(int.Parse(id.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture), 1, static (_, n) => n + 1);
            }

            if (ListeningOn().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"Hub {name} exited before it listened:\n" + string.Join('\n', tail)));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = (HubProcess?)null;
        try
        {
            var address = await listening.Task.WaitAsync(StartTimeout);
            node = new HubProcess(name, process, logFile, tail, events, address);
            await node.WaitReadyAsync();
            return node;
        }
        catch
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
            else
            {
                KillProcess(process);
                process.Dispose();
            }

            throw;
        }
    }

    /// <summary>kill -9: the process is gone at once, with whatever it had in flight.</summary>
    public void Kill()
    {
        KillProcess(_process);
        _process.WaitForExit(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        KillProcess(_process);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
        lock (_logFile)
        {
            _logFile.Dispose();
        }
    }

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        var deadline = Stopwatch.GetTimestamp() + (long)(StartTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Hub {Name} exited while starting:\n{Tail}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not answering yet
            }

            await timer.WaitForNextTickAsync();
        }

        throw new TimeoutException($"Hub {Name} was not ready within {StartTimeout}:\n{Tail}");
    }

    /// <summary>src/Hub/bin/{the test's configuration}/{tfm}/ChatHub.Hub.dll.</summary>
    private static string HubDll()
    {
        var baseDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = baseDirectory.Name;
        var configuration = baseDirectory.Parent!.Name;
        var root = baseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ChatHub.sln")))
        {
            root = root.Parent;
        }

        var dll = Path.Combine(root?.FullName ?? throw new InvalidOperationException("ChatHub.sln not found above " + baseDirectory),
            "src", "Hub", "bin", configuration, tfm, "ChatHub.Hub.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"The hub is not built at {dll} (this test project builds it).");
    }

    private static void KillProcess(Process process)
    {
        try
        {
            process.Kill(); // SIGKILL, this process only (the hub starts no children)
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();

    [GeneratedRegex(@"^\w{4}: [\w.`]+\[(\d+)\]")]
    private static partial Regex EventId();
}
