using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatHub.Inference.ModelStage;

/// <summary>Builds the model stage when the host starts (its tools and templates), so that a bad one stops the start.</summary>
internal sealed class ModelStageStartupService(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<ModelStageChatClient>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
