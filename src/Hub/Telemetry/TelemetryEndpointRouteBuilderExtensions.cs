using Microsoft.Extensions.Options;

namespace ChatHub.Hub.Telemetry;

public static class TelemetryEndpointRouteBuilderExtensions
{
    /// <summary>Prometheus metrics at <c>/metrics</c> (unless <c>Telemetry:PrometheusEnabled</c> is false).</summary>
    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (!endpoints.ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value.PrometheusEnabled)
        {
            return endpoints;
        }

        // Created now, not on the first scrape: it only sees measurements made after it starts listening.
        var collector = endpoints.ServiceProvider.GetRequiredService<PrometheusCollector>();
        endpoints.MapGet("/metrics", () =>
            TypedResults.Text(PrometheusTextWriter.Write(collector.Collect()), PrometheusTextWriter.ContentType));
        return endpoints;
    }

    public static IServiceCollection AddHubTelemetry(this IServiceCollection services)
    {
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName)
            .Validate(o => o.OtlpProtocol is "http/protobuf" or "grpc", "Telemetry:OtlpProtocol must be 'http/protobuf' or 'grpc'.")
            .ValidateOnStart();
        services.AddSingleton<PrometheusCollector>();
        services.AddHostedService<OpenTelemetryExport>();
        return services;
    }
}
