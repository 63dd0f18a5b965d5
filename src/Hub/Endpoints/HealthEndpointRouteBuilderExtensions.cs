using System.Text.Json;
using ChatHub.Hub.Admin;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatHub.Hub.Endpoints;

public static class HealthEndpointRouteBuilderExtensions
{
    /// <summary>
    /// <c>/healthz</c>: liveness (the process answers; no dependency checks). <c>/readyz</c>: readiness (checks
    /// tagged <c>ready</c>: the pipeline's consumer loops, adapters, backends), 503 with the reasons when not ready.
    /// With a separate management address (<c>Admin:Urls</c>), the reasons are shown only there: the public address
    /// answers with the status alone.
    /// </summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = WriteReportAsync,
        });
        return endpoints;
    }

    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var management = context.RequestServices.GetRequiredService<ManagementAddress>();
        if (management.IsSeparate && !management.IsManagement(context))
        {
            return JsonSerializer.SerializeAsync(context.Response.Body, new { status = report.Status.ToString() }, cancellationToken: context.RequestAborted);
        }

        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }
}
