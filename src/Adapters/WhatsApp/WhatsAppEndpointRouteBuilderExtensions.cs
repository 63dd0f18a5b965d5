using ChatHub.Adapters.WhatsApp.Ingress;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ChatHub.Adapters.WhatsApp;

public static class WhatsAppEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET /webhooks/whatsapp</c> (the verification handshake) and <c>POST /webhooks/whatsapp</c>
    /// (notifications) when the adapter is enabled and this process has the ingress role; otherwise maps nothing.
    /// </summary>
    public static IEndpointRouteBuilder MapWhatsAppWebhook(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var handler = endpoints.ServiceProvider.GetService<WhatsAppWebhookHandler>();
        if (handler is null)
        {
            return endpoints;
        }

        Func<HttpContext, Task<Results<ContentHttpResult, ProblemHttpResult>>> verify = handler.VerifyAsync;
        Func<HttpContext, Task<Results<Ok, ProblemHttpResult>>> handle = handler.HandleAsync;
        endpoints.MapGet(WhatsAppOptions.WebhookPath, verify).WithName("WhatsAppWebhookVerification");
        endpoints.MapPost(WhatsAppOptions.WebhookPath, handle).WithName("WhatsAppWebhook").DisableAntiforgery();
        return endpoints;
    }
}
