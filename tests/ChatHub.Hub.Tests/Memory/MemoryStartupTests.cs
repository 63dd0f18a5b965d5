using ChatHub.Hub.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace ChatHub.Hub.Tests.Memory;

/// <summary>Bad memory settings stop the hub at start, naming the setting (never on the first "remember that").</summary>
public sealed class MemoryStartupTests
{
    [Theory]
    [InlineData("Memory:MaxEntries", "0", "MaxEntries")]
    [InlineData("Memory:MaxEntries", "100000", "MaxEntries")]
    [InlineData("Memory:MaxLength", "5", "MaxLength")]
    [InlineData("Retention:Memories", "00:00:00", "Retention:Memories")]
    public async Task Start_BadMemorySetting_HostRefusesToStart(string key, string value, string named)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => HubServer.StartAsync(new Dictionary<string, string?> { [key] = value })).DefaultTimeout();

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
