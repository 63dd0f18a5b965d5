using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ChatHub.Conversation.Telemetry;

/// <summary>The hub's ActivitySource and Meter, and the instruments of the message path.</summary>
public static class ChatHubTelemetry
{
    public const string Name = "ChatHub";

    public static readonly ActivitySource ActivitySource = new(Name);
    public static readonly Meter Meter = new(Name);

    /// <summary>Inbound messages by channel and outcome (accepted, duplicate, rejected).</summary>
    public static readonly Counter<long> Inbound = Meter.CreateCounter<long>("chathub.inbound.messages", description: "Inbound messages by channel and outcome");

    /// <summary>Outbound replies by channel and outcome (sent, failed, dead_lettered).</summary>
    public static readonly Counter<long> Replies = Meter.CreateCounter<long>("chathub.replies", description: "Replies by channel and outcome");

    /// <summary>Messages moved to chat.dlq, by source topic.</summary>
    public static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>("chathub.dlq.messages", description: "Messages moved to the dead-letter topic");

    /// <summary>Redelivered work: tags <c>step</c> (the ledger key's prefix: worker, egress) and <c>outcome</c> (skipped_done, waited_lease).</summary>
    public static readonly Counter<long> Redeliveries = Meter.CreateCounter<long>("chathub.redeliveries", description: "Redelivered work skipped as done or waited on, by step and outcome");

    /// <summary>Messages caught by the sensitive-word filter, by direction (inbound, outbound) and action.</summary>
    public static readonly Counter<long> Moderated = Meter.CreateCounter<long>("chathub.moderation.matches", description: "Messages caught by the word filter");

    /// <summary>Messages not answered because a per-user or per-conversation rate limit was hit.</summary>
    public static readonly Counter<long> RateLimited = Meter.CreateCounter<long>("chathub.rate_limited", description: "Messages refused by rate limits, by scope");

    /// <summary>Stage latency in seconds; tag <c>stage</c> = ingress | worker | egress | end_to_end.</summary>
    public static readonly Histogram<double> StageDuration = Meter.CreateHistogram<double>(
        "chathub.stage.duration", unit: "s", description: "Time spent per pipeline stage",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    private static readonly List<Func<IEnumerable<(string Topic, long Depth)>>> QueueDepthSources = [];

    static ChatHubTelemetry()
    {
        Meter.CreateObservableGauge("chathub.bus.queue_depth", ObserveQueueDepth, description: "Messages waiting in the bus, by topic");
    }

    /// <summary>Registers a source of queue depths (a bus implementation) for the queue-depth gauge; dispose to remove it.</summary>
    public static IDisposable RegisterQueueDepth(Func<IEnumerable<(string Topic, long Depth)>> source)
    {
        lock (QueueDepthSources)
        {
            QueueDepthSources.Add(source);
        }

        return new Registration(source);
    }

    private sealed class Registration(Func<IEnumerable<(string Topic, long Depth)>> source) : IDisposable
    {
        public void Dispose()
        {
            lock (QueueDepthSources)
            {
                QueueDepthSources.Remove(source);
            }
        }
    }

    private static IEnumerable<Measurement<long>> ObserveQueueDepth()
    {
        Func<IEnumerable<(string Topic, long Depth)>>[] sources;
        lock (QueueDepthSources)
        {
            sources = [.. QueueDepthSources];
        }

        return sources.SelectMany(s => s()).Select(d => new Measurement<long>(d.Depth, new KeyValuePair<string, object?>("topic", d.Topic)));
    }
}
