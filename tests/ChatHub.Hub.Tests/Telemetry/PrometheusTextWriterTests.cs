using ChatHub.Hub.Telemetry;

namespace ChatHub.Hub.Tests.Telemetry;

public sealed class PrometheusTextWriterTests
{
    [Theory]
    [InlineData("chathub.inbound.messages", null, "counter", "chathub_inbound_messages_total")]
    [InlineData("chathub.stage.duration", "s", "histogram", "chathub_stage_duration_seconds")]
    [InlineData("chathub.bus.queue_depth", null, "gauge", "chathub_bus_queue_depth")]
    [InlineData("chathub.cache.hits", "{hit}", "counter", "chathub_cache_hits_total")]
    [InlineData("chathub.inference.tokens", "{token}", "counter", "chathub_inference_tokens_total")]
    [InlineData("chathub.inference.batch_size", "{sequence}", "histogram", "chathub_inference_batch_size")]
    [InlineData("requests_total", null, "counter", "requests_total")]
    [InlineData("size", "By", "gauge", "size_bytes")]
    [InlineData("9lives", null, "gauge", "_9lives")]
    public void MetricName_FollowsConventions(string name, string? unit, string kind, string expected) =>
        Assert.Equal(expected, PrometheusTextWriter.MetricName(name, unit, Enum.Parse<MetricKind>(kind, ignoreCase: true)));

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("quo\"te", "quo\\\"te")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("new\nline", "new\\nline")]
    public void EscapeLabelValue_Table(string value, string expected) => Assert.Equal(expected, PrometheusTextWriter.EscapeLabelValue(value));
}
