using System.Diagnostics;
using System.Globalization;
using ChatHub.LoadGen;
using ChatHub.LoadGen.Hosting;
using ChatHub.LoadGen.Load;
using ChatHub.LoadGen.Report;
using Spectre.Console;

if (args is ["ceiling", "--port", var portText, ..])
{
    var relay = args is [_, _, _, "--relay", var url] ? new Uri(url) : null;
    return await CeilingServer.RunAsync(int.Parse(portText, CultureInfo.InvariantCulture), relay);
}

if (args is ["help" or "--help" or "-h", ..])
{
    Console.WriteLine(LoadGenOptions.Usage);
    return 0;
}

var options = LoadGenOptions.Parse(args);
var repoRoot = RepoRoot();
using var cancel = new CancellationTokenSource();
if (options.FromJson is { } json)
{
    var earlier = System.Text.Json.JsonSerializer.Deserialize(await File.ReadAllTextAsync(json), LoadGenJson.Default.BenchmarkResults)!;
    foreach (var file in await ReportWriter.WriteAsync(earlier, Path.GetFullPath(options.OutDirectory), cancel.Token, options.ReportName))
    {
        Console.WriteLine($"wrote {Path.GetRelativePath(Environment.CurrentDirectory, file)}");
    }

    return 0;
}

Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var hubDll = Path.GetFullPath(options.HubDll ?? await PublishHubAsync(repoRoot, cancel.Token));
BenchmarkResults results;
if (AnsiConsole.Profile.Capabilities.Interactive)
{
    results = await AnsiConsole.Progress()
        .AutoClear(false)
        .HideCompleted(false)
        .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
        .StartAsync(ctx => new Benchmark(options, repoRoot, hubDll, new SpectreProgressDisplay(ctx)).RunAsync(cancel.Token));
}
else
{
    results = await new Benchmark(options, repoRoot, hubDll, new PlainProgressDisplay()).RunAsync(cancel.Token);
}

results = results with
{
    Command = "dotnet run -c Release --project bench/ChatHub.LoadGen --" + string.Concat(args.Select(a => " " + (a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a))),
    Commit = await GitHeadAsync(repoRoot),
};
var outDirectory = Path.GetFullPath(options.OutDirectory);
var written = await ReportWriter.WriteAsync(results, outDirectory, cancel.Token, options.ReportName);
foreach (var mode in results.Modes)
{
    Console.WriteLine(Benchmark.Describe(mode));
}

foreach (var file in written)
{
    Console.WriteLine($"wrote {Path.GetRelativePath(Environment.CurrentDirectory, file)}");
}

return 0;

static string RepoRoot()
{
    for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "ChatHub.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("Run from inside the ChatHub repository (ChatHub.sln not found).");
}

static async Task<string?> GitHeadAsync(string repoRoot)
{
    try
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = repoRoot, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "rev-parse", "--short", "HEAD" })
        {
            info.ArgumentList.Add(a);
        }

        using var git = Process.Start(info)!;
        var head = (await git.StandardOutput.ReadToEndAsync()).Trim();
        await git.WaitForExitAsync();
        return git.ExitCode == 0 ? head : null;
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return null; // no git
    }
}

// The hub is benchmarked as shipped: a Release publish (the widget bundle is not needed for load).
static async Task<string> PublishHubAsync(string repoRoot, CancellationToken cancellationToken)
{
    var output = Path.Combine(repoRoot, "artifacts", "loadgen", "hub");
    Console.WriteLine($"publishing src/Hub (Release) to {Path.GetRelativePath(repoRoot, output)} ...");
    var info = new ProcessStartInfo(Servers.DotnetHost())
    {
        WorkingDirectory = repoRoot,
        UseShellExecute = false,
        RedirectStandardOutput = true,
    };
    foreach (var a in new[] { "publish", "src/Hub", "-c", "Release", "-o", output, "-p:ChatHubSkipWidgetBuild=true", "-nologo", "-v", "quiet" })
    {
        info.ArgumentList.Add(a);
    }

    using var process = Process.Start(info)!;
    var text = await process.StandardOutput.ReadToEndAsync(cancellationToken);
    await process.WaitForExitAsync(cancellationToken);
    if (process.ExitCode != 0)
    {
        Console.Error.WriteLine(text);
        throw new InvalidOperationException("dotnet publish src/Hub failed.");
    }

    return Path.Combine(output, "ChatHub.Hub.dll");
}
