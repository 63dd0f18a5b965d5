using System.Collections.Concurrent;
using ChatHub.Conversation.Bus;
using ChatHub.Kafka.Configuration;
using ChatHub.Kafka.Health;
using ChatHub.Kafka.Serialization;
using ChatHub.Kafka.Topology;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace ChatHub.Kafka.Consuming;

/// <summary>
/// One consumer of one logical topic (and its bulk lane) in one group. A dedicated thread owns the Confluent
/// consumer: only it polls, stores offsets, pauses, resumes and handles rebalances. Records are dispatched to
/// per-key workers on the thread pool (in order per key, parallel across keys and partitions); workers report
/// completions through a queue that the thread drains between polls, advancing each partition's watermark and
/// storing it (librdkafka commits stored offsets every <c>CommitInterval</c>, on revoke and on close).
/// See README.md for the invariants.
/// </summary>
internal sealed partial class KafkaConsumerLoop<T> : IKafkaConsumerLoop, IDisposable
{
    private readonly KafkaMessageBus _bus;
    private readonly BusTopic<T> _topic;
    private readonly Func<BusMessage<T>, CancellationToken, ValueTask> _handler;
    private readonly KafkaOptions _options;
    private readonly KafkaMessageSerializer _serializer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<(string Logical, string Physical, TopicLane Lane)> _subscription;
    private readonly Dispatcher _dispatcher;
    private readonly FlowControl _flow;
    private readonly bool _isDeadLetterTopic;
    private readonly string _topicsText;

    // Consume thread only.
    private readonly Dictionary<TopicPartition, PartitionState> _partitions = [];
    private readonly List<PartitionState> _retired = [];
    private IConsumer<byte[], byte[]>? _consumer;
    private StuckPartitionDetector? _stuckDetector;
    private bool _flowDirty;
    private bool _closing;

    // Shared between the workers and the consume thread (replaced per client session, on the consume thread).
    private readonly ConcurrentQueue<WorkItem> _completions = new();
    private readonly CompletionSignal _completed = new();
    private readonly ConcurrentQueue<TaskCompletionSource> _commitRequests = new();
    private CancellationTokenSource _deadline = new();

    // Set by the statistics handler (consume thread) or a test; read by the consume loop.
    private volatile StuckPartition? _replaceBecause;

    public KafkaConsumerLoop(
        KafkaMessageBus bus,
        BusTopic<T> topic,
        string group,
        Func<BusMessage<T>, CancellationToken, ValueTask> handler,
        KafkaOptions options,
        KafkaTopology topology,
        KafkaMessageSerializer serializer,
        TimeProvider time,
        ILogger logger)
    {
        _bus = bus;
        _topic = topic;
        Group = group;
        _handler = handler;
        _options = options;
        _serializer = serializer;
        _time = time;
        _logger = logger;
        _subscription = topology.Subscription(topic);
        _isDeadLetterTopic = topic.Name == Topics.DeadLetters.Name;
        _topicsText = string.Join(",", _subscription.Select(s => s.Physical));
        var consumer = options.Consumer;
        _dispatcher = new Dispatcher(
            consumer.MaxInFlight,
            Dispatcher.BulkShareOf(consumer.MaxInFlight, options.Priority.InteractiveWeight, options.Priority.BulkWeight),
            StartKeyWorker,
            Statistics);
        _flow = new FlowControl(parkedLimit: consumer.MaxBuffered, consumer.MaxInFlightPerPartition);
    }

    public string Topic => _topic.Name;

    public string Group { get; }

    public ConsumerStatistics Statistics { get; } = new();

    /// <summary>Starts the consume thread; the task completes when it has drained and closed the consumer.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run(cancellationToken);
                done.TrySetResult();
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        })
        {
            IsBackground = true,
            Name = $"kafka-consume {_topic.Name} ({Group})",
        };
        thread.Start();
        return done.Task;
    }

    public Task CommitAsync(CancellationToken cancellationToken)
    {
        var request = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _commitRequests.Enqueue(request);
        return request.Task.WaitAsync(cancellationToken);
    }

    public void Dispose() => _deadline.Dispose();

    /// <summary>
    /// The consume thread: client sessions one after another. A session ends when stopping, or when a partition is
    /// stuck (<see cref="StuckPartitionDetector"/>): its client is drained and closed like at shutdown (a rebalance
    /// hands its partitions on from their committed watermarks) and a new client joins the group.
    /// </summary>
    private void Run(CancellationToken stopping)
    {
        Log.ConsumerStarted(_logger, _topicsText, Group);
        try
        {
            while (RunSession(stopping) is { } stuck && !stopping.IsCancellationRequested)
            {
                Statistics.Replaced();
                Log.ConsumerReplaced(_logger, _topic.Name, Group, stuck.ToString());
            }
        }
        finally
        {
            Statistics.State = ConsumerState.Stopped;
            FailCommitRequests();
            Log.ConsumerStopped(_logger, _topic.Name, Group);
        }
    }

    /// <summary>One client: polls until stopping or until it must be replaced (the stuck partition is returned).</summary>
    private StuckPartition? RunSession(CancellationToken stopping)
    {
        using var consumer = Build();
        _consumer = consumer;
        _closing = false;
        _replaceBecause = null;
        _stuckDetector = StuckPartitionDetector.For(_options, _time, consumer: true);
        Statistics.State = ConsumerState.Joining;
        KafkaException? fatal = null;
        try
        {
            consumer.Subscribe(_subscription.Select(s => s.Physical));
            var errors = 0;
            while (!stopping.IsCancellationRequested && _replaceBecause is null)
            {
                DrainCompletions();
                ServeCommitRequests();
                try
                {
                    var result = consumer.Consume(_options.Consumer.PollInterval);
                    errors = 0;
                    if (result?.Message is not null)
                    {
                        Dispatch(result);
                    }
                }
                catch (KafkaException e) when (!e.Error.IsFatal)
                {
                    // Loop boundary: log, back off (never hot-loop on errors), keep serving completions.
                    Log.ConsumeError(_logger, _topic.Name, Group, e.Error.Code, e.Error.Reason);
                    WaitForCompletions(Backoff(++errors), stopping);
                }
                catch (Exception e) when (e is not KafkaException)
                {
                    Log.LoopFailed(_logger, _topic.Name, Group, e);
                    WaitForCompletions(Backoff(++errors), stopping);
                }
            }
        }
        catch (KafkaException e) when (e.Error.IsFatal)
        {
            Log.ConsumerFatal(_logger, _topic.Name, Group, e.Error.Code, e.Error.Reason);
            fatal = e;
        }
        finally
        {
            Drain();
            Close(consumer);
            EndSession();
        }

        if (fatal is not null)
        {
            throw new InvalidOperationException($"The Kafka consumer of {_topic.Name} ({Group}) failed fatally: {fatal.Error.Reason}", fatal);
        }

        return _replaceBecause;
    }

    /// <summary>After a client closed: its partitions (revoked by the close) are released; a later session starts afresh.</summary>
    private void EndSession()
    {
        foreach (var partition in _retired.Concat(_partitions.Values))
        {
            partition.Revoked = true; // completions still arriving from abandoned work are ignored
            partition.Dispose();
        }

        _retired.Clear();
        _partitions.Clear();
        Statistics.AssignedPartitions = 0;
        _consumer = null;
        var deadline = _deadline;
        _deadline = new CancellationTokenSource();
        deadline.Dispose();
    }

    /// <summary>Statistics handler (consume thread, inside Consume): a stuck partition ends the session.</summary>
    private void OnStatistics(string statistics)
    {
        if (_stuckDetector?.Observe(statistics) is { } stuck && !_closing)
        {
            _replaceBecause ??= stuck;
        }
    }

    public void ReplaceClient(StuckPartition because) => _replaceBecause ??= because;

    private IConsumer<byte[], byte[]> Build() =>
        new ConsumerBuilder<byte[], byte[]>(KafkaClientConfigs.Consumer(_options, Group))
            .SetPartitionsAssignedHandler(OnAssigned)
            .SetPartitionsRevokedHandler(OnRevoked)
            .SetPartitionsLostHandler(OnLost)
            .SetOffsetsCommittedHandler(OnCommitted)
            .SetStatisticsHandler((_, statistics) => OnStatistics(statistics))
            .SetErrorHandler((_, error) => _bus.ReportClientError("consumer", error))
            .SetLogHandler((_, message) => Log.Librdkafka(_logger, message))
            .Build();

    /// <summary>
    /// Shutdown: no more polls; parked records are dropped (never started, uncommitted); in-flight work may finish
    /// within the drain timeout, then it is abandoned (cancelled, uncommitted).
    /// </summary>
    private void Drain()
    {
        _dispatcher.RemoveParked(_ => true);
        var drained = WaitUntil(() => _dispatcher.Outstanding == 0, _time.GetUtcNow() + _options.Consumer.DrainTimeout);
        if (!drained)
        {
            Log.DrainAbandoned(_logger, _topic.Name, Group, _dispatcher.Outstanding);
            _deadline.Cancel(); // handlers see cancellation; queued items are skipped; none of them is committed
        }

        _closing = true;
    }

    private void Close(IConsumer<byte[], byte[]> consumer)
    {
        try
        {
            // Revokes (our handler stores the final watermarks), commits the stored offsets, leaves the group.
            consumer.Close();
        }
        catch (KafkaException e)
        {
            Log.CloseFailed(_logger, _topic.Name, Group, e.Error.Code, e.Error.Reason);
        }
    }

    private void ServeCommitRequests()
    {
        while (_commitRequests.TryDequeue(out var request))
        {
            try
            {
                _consumer!.Commit();
                request.TrySetResult();
            }
            catch (KafkaException e) when (e.Error.Code == ErrorCode.Local_NoOffset)
            {
                request.TrySetResult(); // nothing stored since the last commit
            }
            catch (KafkaException e)
            {
                request.TrySetException(e);
            }
        }
    }

    private void FailCommitRequests()
    {
        while (_commitRequests.TryDequeue(out var request))
        {
            request.TrySetException(new InvalidOperationException("The consumer has stopped."));
        }
    }

    private void OnCommitted(IConsumer<byte[], byte[]> consumer, CommittedOffsets committed)
    {
        if (committed.Error.IsError && committed.Error.Code != ErrorCode.Local_NoOffset)
        {
            Log.CommitFailed(_logger, _topic.Name, Group, committed.Error.Code, committed.Error.Reason);
        }
    }

    /// <summary>Waits (consume thread) until the condition holds or the deadline passes, handling completions meanwhile.</summary>
    private bool WaitUntil(Func<bool> condition, DateTimeOffset deadline)
    {
        while (true)
        {
            _completed.Reset();
            DrainCompletions();
            if (condition())
            {
                return true;
            }

            var remaining = deadline - _time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }

            _completed.Wait(remaining < MaxWait ? remaining : MaxWait);
        }
    }

    private void WaitForCompletions(TimeSpan delay, CancellationToken stopping)
    {
        var until = _time.GetUtcNow() + delay;
        WaitUntil(() => stopping.IsCancellationRequested, until);
    }

    private static TimeSpan Backoff(int errors) =>
        TimeSpan.FromMilliseconds(Math.Min(5_000, 100 * Math.Pow(2, Math.Min(errors - 1, 6))));

    private static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(100);
}
