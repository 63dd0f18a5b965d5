using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ChatHub.Conversation.Messages;
using ChatHub.Hub.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using ChatHub.Testing.SignalR;

namespace ChatHub.Hub.Tests.Telemetry;

public sealed partial class MetricsAndTracesTests
{
    [GeneratedRegex("""^chathub_stage_duration_seconds_bucket\{stage="ingress",le="([^"]+)"\} (\d+)$""", RegexOptions.Multiline)]
    private static partial Regex IngressBuckets();

    [Fact]
    public async Task Metrics_AfterAMessage_PrometheusTextWithCountersAndHistograms()
    {
        await using var server = await HubServer.StartAsync();
        await using var user = await WebChatUser.JoinAsync(server.BaseAddress);
        await user.AskAsync("What is ChatHub?");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative)).DefaultTimeout();
        var text = await response.Content.ReadAsStringAsync().DefaultTimeout();

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE chathub_inbound_messages_total counter", text, StringComparison.Ordinal);
        Assert.Matches("""chathub_inbound_messages_total\{channel="webchat",outcome="accepted"\} [1-9]""", text);
        Assert.Matches("""chathub_replies_total\{channel="webchat",outcome="sent"\} [1-9]""", text);
        Assert.Contains("# TYPE chathub_stage_duration_seconds histogram", text, StringComparison.Ordinal);
        var buckets = IngressBuckets().Matches(text).Select(m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.True(buckets.Count > 5);
        Assert.Equal(buckets.Order(), buckets); // cumulative
        Assert.Matches("""chathub_stage_duration_seconds_count\{stage="ingress"\} """ + buckets[^1], text);
        Assert.Contains("chathub_bus_queue_depth{topic=\"chat.inbound\"}", text, StringComparison.Ordinal);
        Assert.Matches("""chathub_stage_duration_seconds_count\{stage="end_to_end"\} [1-9]""", text);
        Assert.DoesNotContain("What is ChatHub", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_AfterARequest_AspNetCoreRequestDurationExported()
    {
        await using var server = await HubServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        (await http.GetAsync(new Uri("/healthz", UriKind.Relative)).DefaultTimeout()).Dispose();

        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative)).DefaultTimeout();
        var text = await response.Content.ReadAsStringAsync().DefaultTimeout();

        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Matches("""http_server_request_duration_seconds_count\{[^}]*http_route="/healthz"[^}]*\} [1-9]""", text);
        Assert.Single(Regex.Matches(text, "^# TYPE http_server_request_duration_seconds ", RegexOptions.Multiline)); // this host's meter only
    }

    [Fact]
    public async Task Traces_OneMessage_IngressWorkerEgressShareOneTrace()
    {
        var stopped = System.Threading.Channels.Channel.CreateUnbounded<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "ChatHub",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => stopped.Writer.TryWrite(a),
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = await HubServer.StartAsync();
        await using var user = await WebChatUser.JoinAsync(server.BaseAddress);

        await user.AskAsync("What is ChatHub?");
        var inboundId = MessageIds.ForInbound(new ConversationRef(ChannelNames.WebChat, "chathub", user.ConversationId), "m-1");

        // The reply can reach the browser before the worker's and egress's spans end: wait for all three.
        Activity? ingress = null, worker = null, finalEgress = null;
        while (ingress is null || worker is null || finalEgress is null)
        {
            var a = await stopped.Reader.ReadAsync().AsTask().DefaultTimeout();
            switch (a.OperationName)
            {
                case "chathub.ingress" when (string?)a.GetTagItem("chathub.message_id") == inboundId: ingress = a; break;
                case "chathub.worker" when (string?)a.GetTagItem("chathub.message_id") == inboundId: worker = a; break;
                case "chathub.egress" when (string?)a.GetTagItem("chathub.in_reply_to") == inboundId
                                         && (string?)a.GetTagItem("chathub.kind") == "Final": finalEgress = a; break;
            }
        }

        Assert.Equal(ingress.TraceId, worker.TraceId);
        Assert.Equal(ingress.TraceId, finalEgress.TraceId);
        Assert.Equal(ingress.SpanId, worker.ParentSpanId);
        Assert.Equal(worker.SpanId, finalEgress.ParentSpanId);
    }

    [Fact]
    public async Task Otlp_Configured_ExportsTracesOverHttpProtobuf()
    {
        var received = new ConcurrentQueue<(string Path, string? ContentType, long Length)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var collector = builder.Build();
        collector.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            received.Enqueue((context.Request.Path, context.Request.ContentType, body.Length));
            return Results.Ok();
        });
        await collector.StartAsync().DefaultTimeout();
        var endpoint = collector.Urls.First();

        var server = await HubServer.StartAsync(new Dictionary<string, string?> { ["Telemetry:OtlpEndpoint"] = endpoint });
        await using (var user = await WebChatUser.JoinAsync(server.BaseAddress))
        {
            await user.AskAsync("What is ChatHub?");
        }

        await server.DisposeAsync(); // stopping flushes the exporters

        Assert.Contains(received, r => r.Path == "/v1/traces" && r.ContentType == "application/x-protobuf" && r.Length > 0);
        Assert.Contains(received, r => r.Path == "/v1/metrics" && r.Length > 0);
    }
}
