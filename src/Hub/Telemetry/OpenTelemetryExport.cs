using ChatHub.Conversation.Telemetry;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ChatHub.Hub.Telemetry;

/// <summary>
/// OTLP export of the hub's traces (one trace per message: ingress → worker → egress) and metrics, built with the
/// OpenTelemetry SDK directly (its hosting package is not restorable here) and disposed with the host.
/// </summary>
public sealed partial class OpenTelemetryExport : IHostedService, IDisposable
{
    private readonly TelemetryOptions _options;
    private readonly ILogger<OpenTelemetryExport> _logger;
    private TracerProvider? _tracing;
    private MeterProvider? _metrics;

    public OpenTelemetryExport(IOptions<TelemetryOptions> options, ILogger<OpenTelemetryExport> logger)
    {
        _options = options.Value;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var endpoint = _options.OtlpEndpoint
            ?? (Uri.TryCreate(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"), UriKind.Absolute, out var fromEnv) ? fromEnv : null);
        if (endpoint is null)
        {
            return Task.CompletedTask;
        }

        var protocol = _options.OtlpProtocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        var resource = ResourceBuilder.CreateDefault().AddService(_options.ServiceName);
        _tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(ChatHubTelemetry.Name)
            .AddOtlpExporter(o => Configure(o, endpoint, protocol, "v1/traces"))
            .Build();
        _metrics = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(ChatHubTelemetry.Name, "ChatHub.*")
            .AddOtlpExporter(o => Configure(o, endpoint, protocol, "v1/metrics"))
            .Build();
        var authority = endpoint.GetLeftPart(UriPartial.Authority); // never the path or query (may carry tokens)
        LogStarted(_logger, authority, _options.OtlpProtocol);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _tracing?.ForceFlush(2000);
        _metrics?.ForceFlush(2000);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _tracing?.Dispose();
        _metrics?.Dispose();
    }

    private static void Configure(OtlpExporterOptions options, Uri endpoint, OtlpExportProtocol protocol, string signalPath)
    {
        options.Protocol = protocol;
        // With http/protobuf a base endpoint needs the signal path appended (as the OTEL_* variables do).
        options.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf && !endpoint.AbsolutePath.EndsWith(signalPath, StringComparison.Ordinal)
            ? new Uri(endpoint, endpoint.AbsolutePath.TrimEnd('/') + "/" + signalPath)
            : endpoint;
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "OTLP export of traces and metrics to {Endpoint} ({Protocol})")]
    private static partial void LogStarted(ILogger logger, string endpoint, string protocol);
}
