using Microsoft.Extensions.Options;
using ChatHub.Conversation.Retention;
using ChatHub.Conversation.Identity;
using ChatHub.Hub.Commands;
using ChatHub.Hub.Extensions;
using ChatHub.Redis.Tests.Infrastructure;
using ChatHub.Sqlite.Database;
using ChatHub.Sqlite.Stores;
using ChatHub.Sqlite.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatHub.Sqlite.Tests.Operations;

/// <summary>
/// <c>chathub backup</c>, <c>export</c> and <c>import</c> as the hub's Program runs them (<see cref="StorageCommand"/>),
/// against a database that is open and written meanwhile, and into a real redis-server.
/// </summary>
public sealed class StorageCommandTests : IDisposable
{
    private static readonly PlatformIdentity Telegram = new("telegram", "100");
    private static readonly PlatformIdentity Web = new("webchat", "c_1");
    private static readonly PlatformIdentity Discord = new("discord", "200");

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Backup_WhileTheDatabaseIsOpenAndWritten_GivesACompleteDatabase()
    {
        var source = Path.Combine(_folder.Path, "source");
        using var database = Open(source);
        var map = new SqliteIdentityMap(database, Options.Create(new RetentionOptions()));
        var linked = await LinkAsync(map);
        var writing = Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                await map.ResolveAsync(new PlatformIdentity("discord", $"load-{i}"), CancellationToken.None);
            }
        });

        var backup = Path.Combine(_folder.Path, "backup.db");
        var (exit, output) = await RunAsync("backup", "--out", backup, $"--Storage:Path={source}");
        await writing.DefaultTimeout();

        Assert.True(exit == StorageCommand.Success, output);
        var restored = Path.Combine(_folder.Path, "restored");
        Directory.CreateDirectory(restored);
        File.Copy(backup, Path.Combine(restored, StorageOptions.FileName));
        using var copy = Open(restored);
        Assert.Equal(linked, await new SqliteIdentityMap(copy, Options.Create(new RetentionOptions())).FindAsync(Web, CancellationToken.None).DefaultTimeout());
    }

    [Fact]
    public async Task ExportThenImport_IntoAnotherFile_KeepsWhoIsLinkedToWhom()
    {
        var source = Path.Combine(_folder.Path, "source");
        using (var database = Open(source))
        {
            await LinkAsync(new SqliteIdentityMap(database, Options.Create(new RetentionOptions())));
        }

        var export = Path.Combine(_folder.Path, "people.json");
        var target = Path.Combine(_folder.Path, "target");
        Assert.Equal(StorageCommand.Success, (await RunAsync("export", "--out", export, $"--Storage:Path={source}")).Exit);
        Assert.Equal(StorageCommand.Success, (await RunAsync("import", "--in", export, $"--Storage:Path={target}")).Exit);

        using var imported = Open(target);
        await AssertLinkedAsync(new SqliteIdentityMap(imported, Options.Create(new RetentionOptions())));
    }

    [Fact]
    public async Task ExportThenImport_IntoRedis_TheHubOnRedisSeesTheLinks()
    {
        var source = Path.Combine(_folder.Path, "source");
        using (var database = Open(source))
        {
            await LinkAsync(new SqliteIdentityMap(database, Options.Create(new RetentionOptions())));
        }

        await using var redis = await RespServerProcess.StartAsync("redis");
        var redisSettings = new[]
        {
            $"--ConnectionStrings:Redis={redis.ConnectionString}",
            $"--Redis:KeyPrefix=import-{Guid.NewGuid():N}:",
        };
        var export = Path.Combine(_folder.Path, "people.json");
        Assert.Equal(StorageCommand.Success, (await RunAsync("export", "--out", export, $"--Storage:Path={source}")).Exit);
        var (exit, output) = await RunAsync(["import", "--in", export, "--Storage:Provider=memory", .. redisSettings]);
        Assert.True(exit == StorageCommand.Success, output);
        Assert.Contains("written to Redis", output, StringComparison.Ordinal);

        await using var hub = ChatHubApplication.Create(new WebApplicationOptions
        {
            Args = ["--urls=http://127.0.0.1:0", "--Storage:Provider=memory", .. redisSettings],
            ContentRootPath = AppContext.BaseDirectory,
        });
        await hub.StartAsync().DefaultTimeout();
        await AssertLinkedAsync(hub.Services.GetRequiredService<IIdentityMap>());
        await hub.StopAsync().DefaultTimeout();
    }

    [Fact]
    public async Task Commands_BadInput_ExitCode2WithAReason()
    {
        var notAnExport = Path.Combine(_folder.Path, "other.json");
        await File.WriteAllTextAsync(notAnExport, """{"format":"something-else","version":1,"users":[]}""");

        var noDatabase = await RunAsync("backup", "--out", Path.Combine(_folder.Path, "b.db"), $"--Storage:Path={Path.Combine(_folder.Path, "none")}");
        var badImport = await RunAsync("import", "--in", notAnExport, $"--Storage:Path={_folder.Path}");
        var noFile = await RunAsync("export");

        Assert.Equal((StorageCommand.InvalidInput, StorageCommand.InvalidInput, StorageCommand.InvalidInput), (noDatabase.Exit, badImport.Exit, noFile.Exit));
        Assert.Contains("no hub database", noDatabase.Output, StringComparison.Ordinal);
        Assert.Contains("Not an identity export", badImport.Output, StringComparison.Ordinal);
        Assert.Contains("Usage:", noFile.Output, StringComparison.Ordinal);
    }

    /// <summary>telegram:100 and webchat:c_1 linked (one hub user, returned); discord:200 on its own.</summary>
    private static async Task<string> LinkAsync(SqliteIdentityMap map)
    {
        var user = await map.ResolveAsync(Telegram, CancellationToken.None).DefaultTimeout();
        await map.MergeAsync(await map.ResolveAsync(Web, CancellationToken.None).DefaultTimeout(), user, CancellationToken.None).DefaultTimeout();
        await map.ResolveAsync(Discord, CancellationToken.None).DefaultTimeout();
        return user;
    }

    private static async Task AssertLinkedAsync(IIdentityMap map)
    {
        var user = await map.FindAsync(Telegram, CancellationToken.None).DefaultTimeout();
        Assert.NotNull(user);
        Assert.Equal(user, await map.FindAsync(Web, CancellationToken.None).DefaultTimeout());
        var discord = await map.FindAsync(Discord, CancellationToken.None).DefaultTimeout();
        Assert.NotNull(discord);
        Assert.NotEqual(user, discord);
    }

    private static SqliteDatabase Open(string folder) =>
        new(folder, StorageDurability.Full, 512, TimeProvider.System, NullLogger<SqliteDatabase>.Instance);

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        var exit = await StorageCommand.RunAsync(args, output, output).DefaultTimeout();
        return (exit, output.ToString());
    }
}
