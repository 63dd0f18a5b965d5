using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.WhatsApp;

/// <summary>Says at start which phone number the adapter serves and where its webhook is (never a secret).</summary>
internal sealed class WhatsAppStartupLog(IOptions<WhatsAppOptions> options, ILogger<WhatsAppStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        WhatsAppLog.Started(logger, options.Value.PhoneNumberId!, WhatsAppOptions.WebhookPath);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
