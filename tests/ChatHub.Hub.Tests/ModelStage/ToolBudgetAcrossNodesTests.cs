using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Inference.ModelStage;
using ChatHub.Testing.Processes;

namespace ChatHub.Hub.Tests.ModelStage;

/// <summary>
/// The per-person tool budget is one budget however many nodes serve the person: two hub nodes on a real
/// redis-server take from the same count (the model stage's tool filter asks the hub's <see cref="IToolBudget"/>).
/// </summary>
public sealed class ToolBudgetAcrossNodesTests
{
    [Fact]
    public async Task ToolBudget_CallsOnAlternatingNodes_OneBudgetPerPerson()
    {
        await using var redis = await RespServerProcess.StartAsync("redis");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["Redis:KeyPrefix"] = $"budget-{Guid.NewGuid():N}:",
        };
        await using var a = await HubServer.StartAsync(settings);
        await using var b = await HubServer.StartAsync(settings);
        var onA = a.Services.GetRequiredService<IToolBudget>();
        var onB = b.Services.GetRequiredService<IToolBudget>();
        var window = TimeSpan.FromHours(1);

        var taken = new List<bool>();
        foreach (var budget in new[] { onA, onB, onA, onB, onA })
        {
            taken.Add(await budget.TryTakeAsync("u_person", 3, window, CancellationToken.None).AsTask().DefaultTimeout());
        }

        var other = await onB.TryTakeAsync("u_other", 3, window, CancellationToken.None).AsTask().DefaultTimeout();
        var unlimited = await onA.TryTakeAsync("u_person", 0, window, CancellationToken.None).AsTask().DefaultTimeout();

        Assert.Equal([true, true, true, false, false], taken);
        Assert.True(other);
        Assert.True(unlimited);
    }
}
