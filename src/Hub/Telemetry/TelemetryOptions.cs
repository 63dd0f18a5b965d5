namespace ChatHub.Hub.Telemetry;

public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>Serve Prometheus metrics at <c>/metrics</c> (keep it off the public ingress).</summary>
    public bool PrometheusEnabled { get; set; } = true;

    /// <summary>
    /// OTLP endpoint (e.g. <c>http://otel-collector:4318</c>) for traces and metrics; falls back to the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable. Unset: no OTLP export.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>http/protobuf</c> (default) or <c>grpc</c>.</summary>
    public string OtlpProtocol { get; set; } = "http/protobuf";

    /// <summary>The service.name resource attribute.</summary>
    public string ServiceName { get; set; } = "chathub";
}
