using System.Diagnostics.Metrics;
using ChatHub.Hub.Telemetry;

namespace ChatHub.Hub.Tests.Telemetry;

public sealed class PrometheusCollectorTests
{
    [Fact]
    public void Collect_IntHistogramWithAdvice_UsesTheAdvisedBuckets()
    {
        using var collector = new PrometheusCollector();
        using var meter = new Meter($"ChatHub.Tests.{Guid.NewGuid():N}");
        var name = $"chathub.test_{Guid.NewGuid():N}.batch_size";
        var histogram = meter.CreateHistogram(name, unit: "{sequence}", description: null, tags: null,
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8] });
        histogram.Record(3, new KeyValuePair<string, object?>("instance", 0));
        histogram.Record(8, new KeyValuePair<string, object?>("instance", 0));

        var text = PrometheusTextWriter.Write(collector.Collect().Where(state => state.Instrument.Meter == meter));

        var metric = name.Replace('.', '_');
        Assert.Contains($"# TYPE {metric} histogram", text, StringComparison.Ordinal);
        Assert.Contains($"{metric}_bucket{{instance=\"0\",le=\"2\"}} 0", text, StringComparison.Ordinal);
        Assert.Contains($"{metric}_bucket{{instance=\"0\",le=\"4\"}} 1", text, StringComparison.Ordinal);
        Assert.Contains($"{metric}_bucket{{instance=\"0\",le=\"8\"}} 2", text, StringComparison.Ordinal);
        Assert.Contains($"{metric}_sum{{instance=\"0\"}} 11", text, StringComparison.Ordinal);
        Assert.DoesNotContain("le=\"0.005\"", text, StringComparison.Ordinal);
    }
}
