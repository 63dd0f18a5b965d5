using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatHub.Inference;

/// <summary>Creates the model backend when the host starts: a model that cannot load stops the start with its error.</summary>
internal sealed class ModelBackendStartupService(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredKeyedService<IChatClient>(InferenceServiceKeys.Model);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
