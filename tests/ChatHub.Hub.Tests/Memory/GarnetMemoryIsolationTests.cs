using ChatHub.Testing.Processes;

namespace ChatHub.Hub.Tests.Memory;

/// <summary>The isolation suite with the stores on garnet-server.</summary>
public sealed class GarnetMemoryIsolationTests : MemoryIsolationSpec
{
    private RespServerProcess? _garnet;

    protected override async Task<Dictionary<string, string?>> StartBackendAsync()
    {
        _garnet = await RespServerProcess.StartAsync("garnet");
        return new() { ["ConnectionStrings:Redis"] = _garnet.ConnectionString, ["Redis:KeyPrefix"] = $"memory-{Guid.NewGuid():N}:" };
    }

    protected override async Task StopBackendAsync()
    {
        if (_garnet is not null)
        {
            await _garnet.DisposeAsync();
        }
    }
}
