using System.Collections.Concurrent;
using ChatHub.Kafka.Configuration;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;

namespace ChatHub.Kafka.Topology;

/// <summary>
/// Creates missing topics (admin API) with the configured partitions, replication factor and retention; never alters existing
/// ones, and treats "already exists" (another process won the race) as success. Each physical topic is checked
/// once per process (after a failure, again at the earliest <see cref="RetryAfterFailure"/> later); a failure is logged,
/// not thrown: publishing or consuming then reports the real problem.
/// Also the readiness probe (a metadata request).
/// </summary>
internal sealed class KafkaTopicProvisioner : IDisposable
{
    private readonly KafkaOptions _options;
    private readonly KafkaTopology _topology;
    private readonly ILogger _logger;
    internal static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

    // Physical topic -> checked until (MaxValue once it exists).
    private readonly ConcurrentDictionary<string, DateTimeOffset> _checked = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lazy<IAdminClient> _admin;

    public KafkaTopicProvisioner(KafkaOptions options, KafkaTopology topology, TimeProvider time, ILogger logger)
    {
        _options = options;
        _time = time;
        _topology = topology;
        _logger = logger;
        _admin = new(() =>
        {
            return new AdminClientBuilder(KafkaClientConfigs.Admin(options))
                .SetLogHandler((_, message) => Log.Librdkafka(logger, message))
                .SetErrorHandler((_, error) => Log.ClientError(logger, "admin", error.Code, error.Reason))
                .Build();
        });
    }

    /// <summary>Makes sure the physical topics of these logical topics exist (once per process per topic).</summary>
    public ValueTask EnsureAsync(IReadOnlyList<string> logicalTopics, CancellationToken cancellationToken)
    {
        foreach (var logical in logicalTopics)
        {
            if (!IsChecked(_topology.Physical(logical)))
            {
                return new ValueTask(CheckAsync(logicalTopics, cancellationToken));
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>True when a broker answered a metadata request within the admin timeout.</summary>
    public async Task<(bool Reachable, int Brokers)> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var timeout = Min(_options.AdminTimeout, TimeSpan.FromSeconds(5));
            var metadata = await Task.Run(() => _admin.Value.GetMetadata(timeout), cancellationToken).WaitAsync(timeout * 2, cancellationToken);
            return (metadata.Brokers.Count > 0, metadata.Brokers.Count);
        }
        catch (Exception e) when (e is KafkaException or TimeoutException)
        {
            return (false, 0);
        }
    }

    public void Dispose()
    {
        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }

        _gate.Dispose();
    }

    private async Task CheckAsync(IReadOnlyList<string> logicalTopics, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var wanted = logicalTopics.Select(l => (Logical: l, Physical: _topology.Physical(l)))
                .Where(t => !IsChecked(t.Physical)).DistinctBy(t => t.Physical).ToList();
            if (wanted.Count == 0)
            {
                return;
            }

            var existing = await Task.Run(
                () => _admin.Value.GetMetadata(_options.AdminTimeout).Topics
                    .Where(t => t.Error.Code == ErrorCode.NoError).Select(t => t.Topic).ToHashSet(StringComparer.Ordinal),
                cancellationToken);
            var missing = wanted.Where(t => !existing.Contains(t.Physical)).ToList();
            if (missing.Count > 0)
            {
                if (_options.CreateTopics)
                {
                    await CreateAsync(missing);
                }
                else
                {
                    Log.TopicsMissing(_logger, string.Join(", ", missing.Select(t => t.Physical)));
                }
            }

            foreach (var topic in wanted)
            {
                _checked[topic.Physical] = DateTimeOffset.MaxValue;
            }
        }
        catch (KafkaException e)
        {
            // The brokers may not be up yet: check again on a later use, but not on every publish.
            Log.TopicCheckFailed(_logger, e.Error.Code, e.Error.Reason);
            var retryAt = _time.GetUtcNow() + RetryAfterFailure;
            foreach (var logical in logicalTopics)
            {
                _checked.AddOrUpdate(_topology.Physical(logical), retryAt, (_, until) => until == DateTimeOffset.MaxValue ? until : retryAt);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task CreateAsync(List<(string Logical, string Physical)> missing)
    {
        var specifications = missing.Select(t => _topology.Specification(t.Logical)).ToList();
        try
        {
            await _admin.Value.CreateTopicsAsync(
                specifications,
                new CreateTopicsOptions { RequestTimeout = _options.AdminTimeout, OperationTimeout = _options.AdminTimeout });
            foreach (var specification in specifications)
            {
                Log.TopicCreated(_logger, specification.Name, specification.NumPartitions, specification.ReplicationFactor, specification.Configs["retention.ms"]);
            }
        }
        catch (CreateTopicsException e)
        {
            foreach (var result in e.Results)
            {
                if (result.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists)
                {
                    continue; // created, or created meanwhile by another process
                }

                Log.TopicCreateFailed(_logger, result.Topic, result.Error.Code, result.Error.Reason);
            }
        }
    }

    private bool IsChecked(string physical) => _checked.TryGetValue(physical, out var until) && until > _time.GetUtcNow();

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
