using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace ChatHub.Testing.Processes;

/// <summary>
/// A real redis-server or garnet-server on a free loopback port, in its own temporary directory, with no persistence.
/// Garnet runs with <c>--lua-transaction-mode</c>: without it Garnet does not run a script atomically (the stores' scripts
/// rely on that, as they do on Redis).
/// Started when its log says it is ready and PING answers; <see cref="KillAsync"/> and <see cref="StartAsync()"/>
/// simulate a crash and a restart on the same port.
/// </summary>
public sealed class RespServerProcess : IAsyncDisposable
{
    private const string VersionMarker = "Redis version=";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly string _executable;
    private readonly Func<int, string, IEnumerable<string>> _arguments;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("chathub-resp-").FullName;
    private readonly Action<ConfigurationOptions>? _configureClient;
    private Process? _process;

    private RespServerProcess(
        string name, string executable, Func<int, string, IEnumerable<string>> arguments, string? password, string? connectionOptions,
        Action<ConfigurationOptions>? configureClient)
    {
        Name = name;
        _executable = executable;
        _arguments = arguments;
        _configureClient = configureClient;
        Port = FreePort();
        ConnectionString = (password is null ? $"127.0.0.1:{Port}" : $"127.0.0.1:{Port},password={password}") + connectionOptions;
    }

    public string Name { get; }

    public int Port { get; }

    /// <summary>How to reach it, in StackExchange.Redis's format: loopback, its port and password.</summary>
    public string ConnectionString { get; }

    /// <summary>The server's version, as its start-up log says (redis-server only; empty until it said so).</summary>
    public string Version { get; private set; } = "";

    /// <summary>
    /// <see cref="ConnectionString"/> parsed, with the settings the hub always applies (src/Redis
    /// <c>RedisConnectionString.Harden</c>: no abort on connect failure, fail-fast backlog) and a short heartbeat so that
    /// a restarted server is found again quickly.
    /// </summary>
    public ConfigurationOptions Options()
    {
        var options = ConfigurationOptions.Parse(ConnectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.HeartbeatInterval = TimeSpan.FromMilliseconds(200);
        options.ConnectTimeout = 2000;
        options.AllowAdmin = true; // KEYS, for the tests' server clock
        _configureClient?.Invoke(options);
        return options;
    }

    /// <summary>A new multiplexer on it, with <see cref="Options"/>: a node of its own.</summary>
    public async Task<IConnectionMultiplexer> ConnectAsync() => await ConnectionMultiplexer.ConnectAsync(Options()).DefaultTimeout();

    /// <param name="name">"redis" or "garnet".</param>
    /// <param name="password">Starts it with a required password.</param>
    /// <param name="extraArguments">More command-line arguments (later ones override earlier ones), given the port.</param>
    /// <param name="start">False: only pick the port (nothing listens on it until <see cref="StartAsync()"/>).</param>
    /// <param name="connectionOptions">Appended to <see cref="ConnectionString"/> (e.g. <c>,ssl=true,user=app</c>).</param>
    /// <param name="configureClient">Changes the client options made from it (e.g. how the TLS certificate is checked).</param>
    /// <param name="executable">The server binary; <see cref="ServerBinaries"/> finds it when null.</param>
    public static async Task<RespServerProcess> StartAsync(
        string name, string? password = null, Func<int, IEnumerable<string>>? extraArguments = null,
        bool start = true, string? connectionOptions = null, Action<ConfigurationOptions>? configureClient = null, string? executable = null)
    {
        (string Executable, Func<int, string, IEnumerable<string>> Arguments) server = name switch
        {
            "redis" => (executable ?? ServerBinaries.Redis(), (Func<int, string, IEnumerable<string>>)((port, dir) =>
                ["--port", $"{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--daemonize", "no",
                 .. password is null ? Array.Empty<string>() : ["--requirepass", password], .. extraArguments?.Invoke(port) ?? []])),
            "garnet" => (executable ?? ServerBinaries.Garnet(), (port, dir) =>
                ["--port", $"{port}", "--bind", "127.0.0.1", "--lua", "--lua-transaction-mode", "--memory", "64m", "--index", "1m",
                 .. password is null ? Array.Empty<string>() : ["--auth", "Password", "--password", password], .. extraArguments?.Invoke(port) ?? []]),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "redis or garnet"),
        };
        var process = new RespServerProcess(name, server.Executable, server.Arguments, password, connectionOptions, configureClient);
        if (!start)
        {
            return process; // the caller starts it later, on Port
        }

        try
        {
            await process.StartAsync();
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return process;
    }

    /// <summary>(Re)starts the process on the same port and waits until PING answers.</summary>
    public async Task StartAsync()
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var info = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        foreach (var argument in _arguments(Port, _directory))
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        void OnLine(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            _log.Enqueue(e.Data);
            while (_log.Count > 200 && _log.TryDequeue(out _))
            {
            }

            if (e.Data.IndexOf(VersionMarker, StringComparison.Ordinal) is >= 0 and var at)
            {
                Version = e.Data[(at + VersionMarker.Length)..].Split(',')[0];
            }

            if (e.Data.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"{Name} exited before it was ready:\n{Log}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        try
        {
            await ready.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} did not get ready on port {Port} within {StartTimeout}:\n{Log}");
        }

        var options = Options();
        options.AbortOnConnectFail = true;
        await using var client = await ConnectionMultiplexer.ConnectAsync(options).DefaultTimeout();
        await client.GetDatabase().PingAsync().DefaultTimeout();
    }

    /// <summary>Kills the process (SIGKILL): its connections drop at once, as in a crash.</summary>
    public async Task KillAsync()
    {
        var process = Interlocked.Exchange(ref _process, null);
        if (process is null)
        {
            return;
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        await process.WaitForExitAsync().DefaultTimeout();
        process.Dispose();
    }

    public async Task RestartAsync()
    {
        await KillAsync();
        await StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    private string Log => string.Join('\n', _log);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
