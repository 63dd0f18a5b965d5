using System.Globalization;
using System.Reflection;
using ChatHub.LoadGen.Fakes;

namespace ChatHub.LoadGen.Hosting;

/// <summary>How the benchmark starts the systems under test.</summary>
internal static class Servers
{
    public const string WebhookSecret = "bench-secret_0123456789";

    /// <summary>
    /// The hub in embedded mode (one process, in-process bus; stores and the bus's inbox in a SQLite file in a fresh
    /// temporary folder, <c>Storage:Durability</c> <paramref name="durability"/> when given, or with <paramref name="memory"/>
    /// <c>Storage:Provider=memory</c>), with Telegram in webhook mode against the
    /// fake Bot API and the slow fake model as its OpenAI-compatible backend. Limits that are not the subject are
    /// raised or off: the person/conversation rate limits, and Telegram's outbound budgets as far as the hub's
    /// validation allows (per chat 30/s, burst 30; per group 600/min; per bot <c>GlobalPerSecond</c>, 100,000 by default).
    /// Logging is at Warning, as a production node under load would run.
    /// </summary>
    public static Task<ServerProcess> StartHubAsync(
        LoadGenOptions options, string hubDll, FakeServices fakes, bool synchronous, bool memory, string? durability, string storagePath, string logPath,
        CancellationToken cancellationToken)
    {
        var port = ServerProcess.FreePort();
        var fake = fakes.BaseAddress.ToString().TrimEnd('/');
        var arguments = new List<string>
        {
            hubDll,
            "--urls", $"http://127.0.0.1:{port}",
            $"--Channels:Telegram:Token={FakeServices.Token}",
            $"--Channels:Telegram:ApiBaseUrl={fake}",
            "--Channels:Telegram:Mode=webhook",
            $"--Channels:Telegram:WebhookSecret={WebhookSecret}",
            "--Channels:Telegram:PerChatPerSecond=30",
            "--Channels:Telegram:PerChatBurst=30",
            "--Channels:Telegram:PerGroupPerMinute=600",
            string.Create(CultureInfo.InvariantCulture, $"--Channels:Telegram:GlobalPerSecond={options.TelegramGlobalPerSecond}"),
            "--RateLimits:Enabled=false",
            // Every simulated widget connects from 127.0.0.1: the web chat's per-address admission limits would bind.
            "--Channels:WebChat:Limits:NewConversationsPerAddressBurst=1000000",
            "--Channels:WebChat:Limits:MessagesPerAddressBurst=1000000",
            "--Channels:WebChat:Limits:MessagesPerConnectionBurst=1000000",
            $"--Inference:OpenAI:Endpoint={fake}/v1",
            "--Inference:OpenAI:Model=slow",
            // The fake model serves any number of calls at once; the per-node generation cap (default 8, meant for a
            // local model) would turn the slow scenario into a benchmark of the "busy" reply.
            "--Inference:Concurrency:MaxConcurrentGenerations=0",
            "--Inference:OpenAI:MaxConnectionsPerServer=4096", // likewise: the hub's 256 would bound a 300 ms model to ~850 calls/s
            string.Create(CultureInfo.InvariantCulture, $"--Bus:InProcess:Partitions={options.Partitions}"),
            $"--Hub:SynchronousIngress={(synchronous ? "true" : "false")}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
            memory ? "--Storage:Provider=memory" : "--Storage:Provider=sqlite",
            $"--Storage:Path={storagePath}",
        };
        if (durability is not null)
        {
            arguments.Add($"--Storage:Durability={durability}");
        }

        if (options.ChannelPosts)
        {
            arguments.Add("--Channels:Telegram:GroupMessages=all");
        }

        arguments.AddRange(options.HubArgs);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["ASPNETCORE_ENVIRONMENT"] = "Production" };
        foreach (var pair in options.HubEnvironment)
        {
            var (name, value) = (pair.Split('=', 2)[0], pair.Split('=', 2).ElementAtOrDefault(1) ?? "");
            environment[name] = value;
        }

        return ServerProcess.StartAsync(
            DotnetHost(), arguments, Path.GetDirectoryName(Path.GetFullPath(hubDll))!, environment, port, "/readyz", logPath, cancellationToken);
    }

    /// <summary>
    /// The ceiling: this same program as a separate process (<c>ceiling --port N</c>), a bare Kestrel that answers
    /// the webhook POST with 200 after reading the body, with the hub's GC settings (server GC). With
    /// <paramref name="relayTo"/>, the zero-work relay: it also sends one sendMessage per update to that Bot API.
    /// </summary>
    public static Task<ServerProcess> StartCeilingAsync(string logPath, Uri? relayTo, CancellationToken cancellationToken)
    {
        var port = ServerProcess.FreePort();
        var self = Environment.ProcessPath!;
        var arguments = new List<string>();
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            arguments.Add(Assembly.GetExecutingAssembly().Location);
        }

        arguments.AddRange(["ceiling", "--port", port.ToString(CultureInfo.InvariantCulture)]);
        if (relayTo is not null)
        {
            arguments.AddRange(["--relay", relayTo.ToString()]);
        }
        return ServerProcess.StartAsync(
            self, arguments, AppContext.BaseDirectory,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["DOTNET_gcServer"] = "1", ["DOTNET_gcConcurrent"] = "1" },
            port, "/readyz", logPath, cancellationToken);
    }

    public static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
}
