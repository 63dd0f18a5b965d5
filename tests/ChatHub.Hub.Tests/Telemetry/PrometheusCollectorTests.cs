using System.Diagnostics.Metrics;
using ChatHub.Hub.Telemetry;

namespace ChatHub.Hub.Tests.Telemetry;

/// <summary>The collector on a meter of the test's own: series by tag set, and no allocation per measurement.</summary>
public sealed class PrometheusCollectorTests : IDisposable
{
    private readonly Meter _meter = new($"ChatHub.Tests.{Guid.NewGuid():N}");
    private readonly PrometheusCollector _collector = new();

    public void Dispose()
    {
        _collector.Dispose();
        _meter.Dispose();
    }

    private string Exposition(string metric) =>
        PrometheusTextWriter.Write(_collector.Collect().Where(i => i.Instrument.Meter == _meter && i.Name == metric));

    private enum Outcome
    {
        Sent,
    }

    [Fact]
    public void Update_SameTagsInAnyOrderAndFormattingAlike_OneSeries()
    {
        var counter = _meter.CreateCounter<long>("test.sends");

        counter.Add(1, new("channel", "telegram"), new("outcome", "sent"));
        counter.Add(2, new("outcome", "sent"), new("channel", "telegram"));
        counter.Add(4, new("outcome", Outcome.Sent), new("channel", "telegram")); // formats as "Sent": its own series
        counter.Add(8, new KeyValuePair<string, object?>("code", 1));
        counter.Add(16, new KeyValuePair<string, object?>("code", "1")); // formats like the int: the same series

        Assert.Equal(
            ["# TYPE test_sends_total counter",
             "test_sends_total{channel=\"telegram\",outcome=\"Sent\"} 4",
             "test_sends_total{channel=\"telegram\",outcome=\"sent\"} 3",
             "test_sends_total{code=\"1\"} 24"],
            Exposition("test_sends_total").Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Update_Histogram_ExpositionAsBefore()
    {
        var histogram = _meter.CreateHistogram<double>("test.duration", "s", null, null, new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });

        histogram.Record(0.05, new KeyValuePair<string, object?>("stage", "egress"));
        histogram.Record(0.5, new KeyValuePair<string, object?>("stage", "egress"));
        histogram.Record(5, new KeyValuePair<string, object?>("stage", "egress"));

        Assert.Equal(
            "# TYPE test_duration_seconds histogram\n" +
            "test_duration_seconds_bucket{stage=\"egress\",le=\"0.1\"} 1\n" +
            "test_duration_seconds_bucket{stage=\"egress\",le=\"1\"} 2\n" +
            "test_duration_seconds_bucket{stage=\"egress\",le=\"+Inf\"} 3\n" +
            "test_duration_seconds_sum{stage=\"egress\"} 5.55\n" +
            "test_duration_seconds_count{stage=\"egress\"} 3\n",
            Exposition("test_duration_seconds"));
    }

    [Fact]
    public void Update_KnownSeries_AllocatesNothingPerMeasurement()
    {
        var histogram = _meter.CreateHistogram<double>("test.latency", "s");
        var stage = new KeyValuePair<string, object?>("stage", "worker");
        var channel = new KeyValuePair<string, object?>("channel", "telegram");
        histogram.Record(0.01, stage, channel); // creates the series

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            histogram.Record(0.01, stage, channel);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, 0, 1_000); // was about 300 bytes per measurement (tag array, strings, sort, join)
        Assert.Contains("test_latency_seconds_count{channel=\"telegram\",stage=\"worker\"} 10001", Exposition("test_latency_seconds"), StringComparison.Ordinal);
    }

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
