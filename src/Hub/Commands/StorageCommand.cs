using ChatHub.Adapters.Abstractions;
using ChatHub.Adapters.WebChat;
using ChatHub.Conversation;
using ChatHub.Conversation.Identity;
using ChatHub.Redis;
using ChatHub.Sqlite;
using ChatHub.Sqlite.Database;
using ChatHub.Sqlite.Operations;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatHub.Hub.Commands;

/// <summary>
/// The storage commands, with the hub's own configuration (appsettings, environment, <c>--Key=Value</c> arguments):
/// <list type="bullet">
/// <item><c>backup --out FILE</c>: SQLite's online backup of the database under <c>Storage:Path</c>, also while the hub
/// runs; the copy is a complete database (restore: stop the hub, put it at <c>Storage:Path/chathub.db</c>).</item>
/// <item><c>export --out FILE</c>: the people and their linked accounts from that database, as JSON.</item>
/// <item><c>import --in FILE</c>: writes an export into the stores the configuration selects: Redis when
/// <c>ConnectionStrings:Redis</c> is set (moving to Redis), else the SQLite file (the hub must be stopped).</item>
/// </list>
/// Exit codes: 0 done, 1 failed, 2 bad arguments or input.
/// </summary>
public static class StorageCommand
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int InvalidInput = 2;

    private const string Usage = "Usage: backup --out <file> | export --out <file> | import --in <file>  [--Storage:Path=<folder>] [--ConnectionStrings:Redis=<...>]";

    private static readonly string[] Names = ["backup", "export", "import"];

    /// <summary>Whether <paramref name="args"/> asks for one of these commands (its first argument).</summary>
    public static bool IsInvocation(IReadOnlyList<string> args) =>
        args is { Count: > 0 } && Names.Contains(args[0], StringComparer.OrdinalIgnoreCase);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var command = args.Count > 0 ? args[0].ToUpperInvariant() : "";
        var file = FileArgument(args, command == "IMPORT" ? "--in" : "--out", out var rest);
        if (!IsInvocation(args) || file is null)
        {
            await error.WriteLineAsync($"{Usage}".AsMemory(), cancellationToken);
            return InvalidInput;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = rest });
        var storage = builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        var database = Path.Combine(storage.ResolveFolder(builder.Environment.ContentRootPath), StorageOptions.FileName);
        try
        {
            switch (command)
            {
                case "BACKUP":
                    return await BackupAsync(database, file, output, error, cancellationToken);
                case "EXPORT":
                    return await ExportAsync(database, file, output, error, cancellationToken);
                default:
                    return await ImportAsync(builder, file, output, error, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            await error.WriteLineAsync($"{args[0]}: {ex.Message}".AsMemory(), cancellationToken);
            return ex is InvalidDataException or FileNotFoundException ? InvalidInput : Failed;
        }
    }

    private static async Task<int> BackupAsync(string database, string file, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!File.Exists(database))
        {
            await error.WriteLineAsync($"backup: there is no hub database at {database} (Storage:Path).".AsMemory(), cancellationToken);
            return InvalidInput;
        }

        if (File.Exists(file))
        {
            await error.WriteLineAsync($"backup: {file} exists; give a new file.".AsMemory(), cancellationToken);
            return InvalidInput;
        }

        SqliteDatabase.Backup(database, file);
        await output.WriteLineAsync($"backup: {database} copied to {file} ({new FileInfo(file).Length:N0} bytes)".AsMemory(), cancellationToken);
        return Success;
    }

    private static async Task<int> ExportAsync(string database, string file, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!File.Exists(database))
        {
            await error.WriteLineAsync($"export: there is no hub database at {database} (Storage:Path).".AsMemory(), cancellationToken);
            return InvalidInput;
        }

        var export = IdentityExport.Read(database);
        await using (var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write))
        {
            export.WriteTo(stream);
        }

        await output.WriteLineAsync(
            $"export: {export.Users.Count:N0} people, {export.Users.Sum(u => u.Identities.Count):N0} accounts written to {file}".AsMemory(), cancellationToken);
        return Success;
    }

    /// <summary>
    /// The hub's store registrations (the same calls as the composition root, so Redis wins when configured) without its
    /// pipeline: only the backend's own hosted services (the Redis connection) are started.
    /// </summary>
    private static async Task<int> ImportAsync(HostApplicationBuilder builder, string file, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        IdentityExport export;
        try
        {
            await using var stream = File.OpenRead(file);
            export = IdentityExport.ReadFrom(stream);
        }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException)
        {
            await error.WriteLineAsync($"import: {ex.Message}".AsMemory(), cancellationToken);
            return InvalidInput;
        }

        var configuration = builder.Configuration;
        var services = builder.Services;
        var conversation = services.AddConversation(configuration);
        services.AddChannelAdapters(configuration).AddWebChat();
        services.AddSqliteStorage(configuration);
        services.RemoveAll<IHostedService>(); // no pipeline, no sweeps: only the backend below
        conversation.AddRedis();
        using var host = builder.Build();
        if (host.Services.GetRequiredService<IOptions<StorageOptions>>().Value is { IsSqlite: false }
            && string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis")))
        {
            await error.WriteLineAsync("import: with Storage:Provider=memory and no ConnectionStrings:Redis there is nothing to import into.".AsMemory(), cancellationToken);
            return InvalidInput;
        }

        await host.StartAsync(cancellationToken);
        try
        {
            var identities = host.Services.GetRequiredService<IIdentityMap>();
            var written = await export.ImportIntoAsync(identities, cancellationToken);
            await output.WriteLineAsync(
                $"import: {written:N0} accounts of {export.Users.Count:N0} people written to {(identities.GetType().Name.StartsWith("Redis", StringComparison.Ordinal) ? "Redis" : "the SQLite file")}".AsMemory(),
                cancellationToken);
            return Success;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The value after <paramref name="name"/> (<c>--out FILE</c> or <c>--out=FILE</c>); <paramref name="rest"/> gets the other arguments.</summary>
    private static string? FileArgument(IReadOnlyList<string> args, string name, out string[] rest)
    {
        string? value = null;
        var others = new List<string>();
        for (var i = 1; i < args.Count; i++)
        {
            if (string.Equals(args[i], name, StringComparison.OrdinalIgnoreCase) && i + 1 < args.Count)
            {
                value = args[++i];
            }
            else if (args[i].StartsWith(name + "=", StringComparison.OrdinalIgnoreCase))
            {
                value = args[i][(name.Length + 1)..];
            }
            else
            {
                others.Add(args[i]);
            }
        }

        rest = [.. others];
        return string.IsNullOrWhiteSpace(value) ? null : Path.GetFullPath(value);
    }
}
