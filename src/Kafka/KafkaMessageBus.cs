using System.Collections.Concurrent;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Telemetry;
using ChatHub.Kafka.Configuration;
using ChatHub.Kafka.Consuming;
using ChatHub.Kafka.Serialization;
using ChatHub.Kafka.Topology;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Kafka;

/// <summary>
/// <see cref="IMessageBus"/> on Kafka. Publishing completes when the record is acknowledged by all in-sync replicas
/// (idempotent producer, <c>acks=all</c>), keyed by conversation so that a conversation stays on one partition and in
/// order. Each <see cref="ConsumeAsync{T}"/> is one group member with its own consume thread, per-key ordered workers,
/// watermark commits, backpressure, the priority lane, poison handling and a bounded drain (README.md). Clients are
/// created on first use, so constructing the bus loads nothing native.
/// </summary>
public sealed partial class KafkaMessageBus : IMessageBus, IAsyncDisposable, IDisposable
{
    private readonly KafkaOptions _options;
    private readonly KafkaTopology _topology;
    private readonly KafkaMessageSerializer _serializer;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly KafkaTopicProvisioner _provisioner;
    private readonly ConcurrentDictionary<IKafkaConsumerLoop, byte> _consumers = new();
    private readonly List<(string Group, TaskCompletionSource<IKafkaConsumerLoop> Started)> _consumerWaiters = [];
    private readonly IDisposable _depthRegistration;
    private int _disposed;
    private volatile bool _libraryLoaded;

    public KafkaMessageBus(IOptions<KafkaOptions> options, KafkaMessageSerializer serializer, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options.Value;
        _topology = new KafkaTopology(_options);
        _serializer = serializer;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<KafkaMessageBus>();
        _provisioner = new KafkaTopicProvisioner(_options, _topology, time, _logger);
        _depthRegistration = ChatHubTelemetry.RegisterQueueDepth(
            () => _consumers.Keys.Select(c => (c.Topic, (long)c.Statistics.Outstanding + c.Statistics.ParkedInteractive + c.Statistics.ParkedBulk)));
    }

    /// <summary>The running consumers (health check, tests).</summary>
    internal IReadOnlyCollection<IKafkaConsumerLoop> Consumers => [.. _consumers.Keys];

    /// <summary>Completes when a consumer of <paramref name="group"/> is running on this bus (tests; no polling).</summary>
    internal Task<IKafkaConsumerLoop> WaitForConsumerAsync(string group, CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource<IKafkaConsumerLoop>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_consumerWaiters)
        {
            if (_consumers.Keys.FirstOrDefault(c => c.Group == group) is { } running)
            {
                return Task.FromResult(running);
            }

            _consumerWaiters.Add((group, started));
        }

        return started.Task.WaitAsync(cancellationToken);
    }

    private void Register<T>(KafkaConsumerLoop<T> loop)
    {
        lock (_consumerWaiters)
        {
            _consumers[loop] = 0;
            _consumerWaiters.RemoveAll(w => w.Group == loop.Group && w.Started.TrySetResult(loop));
        }
    }

    internal KafkaTopology Topology => _topology;

    public async Task ConsumeAsync<T>(
        BusTopic<T> topic,
        string consumerGroup,
        Func<BusMessage<T>, CancellationToken, ValueTask> handler,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentException.ThrowIfNullOrWhiteSpace(consumerGroup);
        ArgumentNullException.ThrowIfNull(handler);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _serializer.EnsureSupported<T>();
        if (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        EnsureLibrary();
        var logicalTopics = _topology.Subscription(topic).Select(s => s.Logical).Append(Topics.DeadLetters.Name).ToList();
        try
        {
            await _provisioner.EnsureAsync(logicalTopics, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        using var loop = new KafkaConsumerLoop<T>(
            this, topic, consumerGroup, handler, _options, _topology, _serializer, _time, _loggerFactory.CreateLogger<KafkaConsumerLoop<T>>());
        Register(loop);
        try
        {
            await loop.RunAsync(cancellationToken);
        }
        finally
        {
            _consumers.TryRemove(loop, out _);
        }
    }

    /// <summary>Creates the hub's topics that are missing (also done for each topic on its first use).</summary>
    public Task EnsureTopicsAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        EnsureLibrary();
        return _provisioner.EnsureAsync(_topology.StandardTopics(), cancellationToken).AsTask();
    }

    /// <summary>Readiness: a broker answers, and every consumer has joined its group.</summary>
    internal async Task<(bool Reachable, int Brokers)> ProbeAsync(CancellationToken cancellationToken)
    {
        EnsureLibrary();
        return await _provisioner.ProbeAsync(cancellationToken);
    }

    /// <summary>Errors reported by librdkafka's background threads (they are retried internally unless fatal).</summary>
    internal void ReportClientError(string client, Error error)
    {
        if (error.IsFatal)
        {
            Log.ClientFatal(_logger, client, error.Code, error.Reason);
            if (client == "producer")
            {
                _producerFailed = true;
            }
        }
        else
        {
            Log.ClientError(_logger, client, error.Code, error.Reason);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        DisposeProducer(flush: true);
        _provisioner.Dispose();
        _depthRegistration.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        // Flushing blocks (bounded by the delivery timeout): keep it off the caller's thread.
        return Volatile.Read(ref _disposed) != 0 ? ValueTask.CompletedTask : new ValueTask(Task.Run(Dispose));
    }

    private void EnsureLibrary()
    {
        if (!_options.IsConfigured)
        {
            ThrowHelper.ThrowNotConfigured();
        }

        if (!_libraryLoaded)
        {
            var version = Library.VersionString; // loads the bundled librdkafka (librdkafka.redist) on first use
            _libraryLoaded = true;
            Log.BusStarted(_logger, _options.BootstrapServers!, _options.ClientId, version);
        }
    }
}
