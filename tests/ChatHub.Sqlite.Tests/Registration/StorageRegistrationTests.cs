using ChatHub.Adapters.WebChat;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Handoff;
using ChatHub.Conversation.Idempotency;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Usage;
using ChatHub.Conversation.WebChat;
using ChatHub.Hub.Extensions;
using ChatHub.Sqlite.Bus;
using ChatHub.Sqlite.Stores;
using ChatHub.Sqlite.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace ChatHub.Sqlite.Tests.Registration;

/// <summary>The composition root's choice of storage (<c>Storage:*</c>), and its start-up errors.</summary>
public sealed class StorageRegistrationTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Default_StoresTokenKeyAndInboxInTheFile()
    {
        await using var app = Build($"--Storage:Path={_folder.Path}");
        Assert.IsType<SqliteIdentityMap>(app.Services.GetRequiredService<IIdentityMap>());
        Assert.IsType<SqliteIdempotencyStore>(app.Services.GetRequiredService<IIdempotencyStore>());
        Assert.IsType<SqliteWebChatTranscript>(app.Services.GetRequiredService<IWebChatTranscript>());
        Assert.IsType<SqliteHandoffStore>(app.Services.GetRequiredService<IHandoffStore>());
        Assert.IsType<SqliteUsageStore>(app.Services.GetRequiredService<IUsageStore>());
        Assert.True(Assert.IsType<DurableMessageBus>(app.Services.GetRequiredService<IMessageBus>()).AcceptsAtomically); // markers with the rows
        var key = app.Services.GetRequiredService<IOptions<WebChatOptions>>().Value.TokenKey;
        Assert.False(string.IsNullOrEmpty(key));
        Assert.True(File.Exists(Path.Combine(_folder.Path, StorageOptions.FileName)));
    }

    [Fact]
    public async Task Metrics_ShowTheFileSizeAndTheFsyncs()
    {
        await using var app = Build($"--Storage:Path={_folder.Path}");
        await app.StartAsync().DefaultTimeout();
        await app.Services.GetRequiredService<IIdentityMap>().ResolveAsync(new PlatformIdentity("telegram", "1"), CancellationToken.None).DefaultTimeout();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)).DefaultTimeout();
        await app.StopAsync().DefaultTimeout();

        Assert.Matches("""chathub_storage_size_bytes\{file="db"\} [1-9]""", metrics);
        Assert.Contains("chathub_storage_commits_total", metrics, StringComparison.Ordinal);
        Assert.Contains("chathub_storage_fsyncs_total", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Memory_EphemeralStoresAndBus_NoFileCreated()
    {
        var path = Path.Combine(_folder.Path, "unused");
        await using var app = Build("--Storage:Provider=memory", $"--Storage:Path={path}");
        Assert.IsType<InMemoryIdentityMap>(app.Services.GetRequiredService<IIdentityMap>());
        Assert.IsType<InMemoryHandoffStore>(app.Services.GetRequiredService<IHandoffStore>());
        Assert.IsType<InProcessMessageBus>(app.Services.GetRequiredService<IMessageBus>());
        Assert.Null(app.Services.GetRequiredService<IOptions<WebChatOptions>>().Value.TokenKey);
        Assert.False(Directory.Exists(path));
    }

    [Fact]
    public async Task RedisConfigured_RedisTakesTheStores_TheInboxStays()
    {
        await using var app = Build($"--Storage:Path={_folder.Path}", "--ConnectionStrings:Redis=127.0.0.1:1");
        Assert.StartsWith("Redis", app.Services.GetRequiredService<IIdentityMap>().GetType().Name, StringComparison.Ordinal);
        Assert.StartsWith("Redis", app.Services.GetRequiredService<IHandoffStore>().GetType().Name, StringComparison.Ordinal);
        // The accept markers are Redis's then: published first, marked after (not in the inbox's transaction).
        Assert.False(Assert.IsType<DurableMessageBus>(app.Services.GetRequiredService<IMessageBus>()).AcceptsAtomically);
    }

    [Fact]
    public async Task PathNotWritable_StartFails_NamingTheSetting()
    {
        var underAFile = Path.Combine(_folder.Path, "a-file");
        await File.WriteAllTextAsync(underAFile, "not a folder");
        await using var app = Build($"--Storage:Path={Path.Combine(underAFile, "data")}");
        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync().DefaultTimeout());
        Assert.Contains("Storage:Path", error.Message, StringComparison.Ordinal);
        Assert.Contains("not writable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecondHubOnTheSameFolder_StartFails_NamingTheSetting()
    {
        await using var first = Build($"--Storage:Path={_folder.Path}");
        _ = first.Services.GetRequiredService<IIdentityMap>(); // opens the file
        await using var second = Build($"--Storage:Path={_folder.Path}");
        var error = Assert.ThrowsAny<Exception>(() => second.Services.GetRequiredService<IIdentityMap>());
        Assert.Contains("in use by another hub process", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadProviderOrRolesSubset_StartFails_WithTheReason()
    {
        await using var badProvider = Build("--Storage:Provider=postgres");
        var providerError = await Assert.ThrowsAsync<OptionsValidationException>(() => badProvider.StartAsync().DefaultTimeout());
        Assert.Contains("Storage:Provider must be 'sqlite'", providerError.Message, StringComparison.Ordinal);

        await using var subset = Build($"--Storage:Path={_folder.Path}", "--Hub:Roles=ingress");
        var rolesError = await Assert.ThrowsAsync<OptionsValidationException>(() => subset.StartAsync().DefaultTimeout());
        Assert.Contains("Kafka:BootstrapServers", rolesError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveFolder_DefaultIsDataUnderTheContentRoot_RelativePathsToo()
    {
        Assert.Equal(Path.Combine("/srv/hub", "data"), new StorageOptions().ResolveFolder("/srv/hub"));
        Assert.Equal("/srv/hub/state", new StorageOptions { Path = "state" }.ResolveFolder("/srv/hub"));
        Assert.Equal("/var/lib/chathub", new StorageOptions { Path = "/var/lib/chathub" }.ResolveFolder("/srv/hub"));
    }

    private static WebApplication Build(params string[] args) =>
        ChatHubApplication.Create(new WebApplicationOptions
        {
            Args = ["--urls=http://127.0.0.1:0", .. args],
            ContentRootPath = AppContext.BaseDirectory,
        });
}
