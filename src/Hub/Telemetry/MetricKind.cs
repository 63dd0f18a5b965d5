namespace ChatHub.Hub.Telemetry;

internal enum MetricKind
{
    Counter = 0,
    Gauge = 1,
    Histogram = 2,
}
