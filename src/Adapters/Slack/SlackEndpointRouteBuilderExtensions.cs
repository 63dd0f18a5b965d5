using ChatHub.Adapters.Slack.Ingress;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Slack;

public static class SlackEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST /webhooks/slack</c> when the adapter is enabled, this process has the ingress role and the mode is
    /// Events; otherwise maps nothing.
    /// </summary>
    public static IEndpointRouteBuilder MapSlackWebhook(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var handler = endpoints.ServiceProvider.GetService<SlackEventsHandler>();
        if (handler is null || endpoints.ServiceProvider.GetRequiredService<IOptions<SlackOptions>>().Value.Mode != SlackMode.Events)
        {
            return endpoints;
        }

        Func<HttpContext, Task<Results<Ok, ContentHttpResult, ProblemHttpResult>>> handle = handler.HandleAsync;
        endpoints.MapPost(SlackOptions.WebhookPath, handle)
            .WithName("SlackWebhook")
            .DisableAntiforgery();
        return endpoints;
    }
}
