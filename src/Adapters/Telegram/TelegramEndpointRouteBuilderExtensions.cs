using ChatHub.Adapters.Telegram.Ingress;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Telegram;

public static class TelegramEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST /webhooks/telegram</c> when the adapter is enabled, this process has the ingress role and the
    /// mode is webhook; otherwise maps nothing.
    /// </summary>
    public static IEndpointRouteBuilder MapTelegramWebhook(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var handler = endpoints.ServiceProvider.GetService<TelegramWebhookHandler>();
        if (handler is null || endpoints.ServiceProvider.GetRequiredService<IOptions<TelegramOptions>>().Value.Mode != TelegramMode.Webhook)
        {
            return endpoints;
        }

        Func<HttpContext, Task<Results<Ok, ProblemHttpResult>>> handle = handler.HandleAsync;
        endpoints.MapPost(TelegramOptions.WebhookPath, handle)
            .WithName("TelegramWebhook")
            .DisableAntiforgery();
        return endpoints;
    }
}
