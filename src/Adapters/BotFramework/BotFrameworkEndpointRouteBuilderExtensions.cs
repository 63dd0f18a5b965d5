using ChatHub.Adapters.BotFramework.Ingress;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ChatHub.Adapters.BotFramework;

public static class BotFrameworkEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST /api/messages</c> (the Azure Bot's messaging endpoint) when the adapter is enabled and this
    /// process has the ingress role; otherwise maps nothing.
    /// </summary>
    public static IEndpointRouteBuilder MapBotFrameworkEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var handler = endpoints.ServiceProvider.GetService<BotFrameworkActivityHandler>();
        if (handler is null)
        {
            return endpoints;
        }

        Func<HttpContext, Task<Results<Ok, ProblemHttpResult>>> handle = handler.HandleAsync;
        endpoints.MapPost(BotFrameworkOptions.MessagesPath, handle)
            .WithName("BotFrameworkMessages")
            .DisableAntiforgery();
        return endpoints;
    }
}
