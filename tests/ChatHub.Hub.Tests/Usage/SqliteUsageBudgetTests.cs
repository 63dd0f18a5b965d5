namespace ChatHub.Hub.Tests.Usage;

/// <summary>The budget suite on the durable default: every store in a SQLite file of its own.</summary>
public sealed class SqliteUsageBudgetTests : UsageBudgetSpec
{
    private readonly string _storage = Path.Combine(Path.GetTempPath(), $"chathub-usage-{Guid.NewGuid():N}");

    protected override Task<Dictionary<string, string?>> StartBackendAsync() =>
        Task.FromResult(new Dictionary<string, string?> { ["Storage:Provider"] = "sqlite", ["Storage:Path"] = _storage });

    protected override Task StopBackendAsync()
    {
        if (Directory.Exists(_storage))
        {
            Directory.Delete(_storage, recursive: true);
        }

        return Task.CompletedTask;
    }
}
