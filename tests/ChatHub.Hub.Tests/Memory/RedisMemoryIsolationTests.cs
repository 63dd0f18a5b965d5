using ChatHub.Testing.Processes;

namespace ChatHub.Hub.Tests.Memory;

/// <summary>The isolation suite with the stores on a real redis-server.</summary>
public sealed class RedisMemoryIsolationTests : MemoryIsolationSpec
{
    private RespServerProcess? _redis;

    protected override async Task<Dictionary<string, string?>> StartBackendAsync()
    {
        _redis = await RespServerProcess.StartAsync("redis");
        return new() { ["ConnectionStrings:Redis"] = _redis.ConnectionString, ["Redis:KeyPrefix"] = $"memory-{Guid.NewGuid():N}:" };
    }

    protected override async Task StopBackendAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
