using ChatHub.Testing.Processes;

namespace ChatHub.Hub.Tests.Usage;

/// <summary>The budget suite with the stores on a real redis-server (usage, notices and the rest).</summary>
public sealed class RedisUsageBudgetTests : UsageBudgetSpec
{
    private RespServerProcess? _redis;

    protected override async Task<Dictionary<string, string?>> StartBackendAsync()
    {
        _redis = await RespServerProcess.StartAsync("redis");
        return new() { ["ConnectionStrings:Redis"] = _redis.ConnectionString, ["Redis:KeyPrefix"] = $"usage-{Guid.NewGuid():N}:" };
    }

    protected override async Task StopBackendAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
