using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;

namespace ChatHub.Testing.Kafka;

/// <summary>
/// librdkafka's built-in mock cluster (<c>rd_kafka_mock_cluster_new</c>): real brokers speaking the Kafka protocol on
/// loopback ports, inside this process, so real Confluent.Kafka clients can be pointed at
/// <see cref="BootstrapServers"/>. No Docker, no JVM. The mock's functions are bound in the very library
/// Confluent.Kafka loaded (librdkafka.redist's, see <see cref="LoadedLibraryPath"/>): <c>Library.Load()</c> picks it,
/// and <c>/proc/self/maps</c> says which file that was. A library that cannot be loaded is a failure, never a skip.
/// </summary>
public sealed partial class MockKafkaCluster : IDisposable
{
    private const string Lib = "librdkafka";
    private const int ProducerType = 0;
    private static readonly Lazy<IntPtr> LoadedLibrary = new(LoadClientLibrary);

    private readonly IntPtr _handle;
    private IntPtr _cluster;

    public MockKafkaCluster(int brokers = 3)
    {
        _ = LoadedLibrary.Value;
        Brokers = brokers;
        var conf = rd_kafka_conf_new();
        var error = new byte[512];
        foreach (var (name, value) in new[] { ("log_level", "2"), ("client.id", "mock-cluster-owner") })
        {
            if (rd_kafka_conf_set(conf, name, value, error, (nuint)error.Length) != 0)
            {
                throw new InvalidOperationException($"rd_kafka_conf_set({name}) failed: {Decode(error)}");
            }
        }

        // rd_kafka_new takes ownership of conf on success.
        _handle = rd_kafka_new(ProducerType, conf, error, (nuint)error.Length);
        if (_handle == IntPtr.Zero)
        {
            throw new InvalidOperationException($"rd_kafka_new failed: {Decode(error)}");
        }

        _cluster = rd_kafka_mock_cluster_new(_handle, brokers);
        if (_cluster == IntPtr.Zero)
        {
            rd_kafka_destroy(_handle);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed.");
        }

        BootstrapServers = Marshal.PtrToStringUTF8(rd_kafka_mock_cluster_bootstraps(_cluster))
            ?? throw new InvalidOperationException("rd_kafka_mock_cluster_bootstraps returned null.");
    }

    /// <summary>The librdkafka file Confluent.Kafka loaded, which the mock's functions are bound in.</summary>
    public static string? LoadedLibraryPath { get; private set; }

    /// <summary>Comma-separated host:port list of the mock brokers.</summary>
    public string BootstrapServers { get; }

    /// <summary>Number of brokers; their ids are 1..Brokers.</summary>
    public int Brokers { get; }

    /// <summary>Creates a topic (the mock does not serve the admin API's CreateTopics).</summary>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 3) =>
        Check(rd_kafka_mock_topic_create(_cluster, topic, partitions, Math.Min(replicationFactor, Brokers)), $"create topic {topic}");

    /// <summary>Moves a partition's leadership to a broker (the mock picks leaders at random otherwise).</summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId) =>
        Check(rd_kafka_mock_partition_set_leader(_cluster, topic, partition, brokerId), $"set leader of {topic} [{partition}] to broker {brokerId}");

    /// <summary>Makes a broker the coordinator of a consumer group (the mock picks one by hash otherwise).</summary>
    public void SetGroupCoordinator(string group, int brokerId) =>
        Check(rd_kafka_mock_coordinator_set(_cluster, "group", group, brokerId), $"set coordinator of {group} to broker {brokerId}");

    /// <summary>Takes a broker down: its connections are closed and new ones refused until <see cref="SetBrokerUp"/>.</summary>
    public void SetBrokerDown(int brokerId) => Check(rd_kafka_mock_broker_set_down(_cluster, brokerId), $"set broker {brokerId} down");

    public void SetBrokerUp(int brokerId) => Check(rd_kafka_mock_broker_set_up(_cluster, brokerId), $"set broker {brokerId} up");

    /// <summary>
    /// The next <paramref name="errors"/>.Length requests of this API (to any broker) are answered with these errors,
    /// one each, instead of being handled (<c>rd_kafka_mock_push_request_errors_array</c>).
    /// </summary>
    public void PushRequestErrors(KafkaApi api, params ErrorCode[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var codes = Array.ConvertAll(errors, static e => (int)e);
        rd_kafka_mock_push_request_errors_array(_cluster, (short)api, (nuint)codes.Length, codes);
    }

    /// <summary>Drops the errors still stacked for this API (<c>rd_kafka_mock_clear_request_errors</c>).</summary>
    public void ClearRequestErrors(KafkaApi api) => rd_kafka_mock_clear_request_errors(_cluster, (short)api);

    /// <summary>Delays every answer of a broker (-1: all brokers) by <paramref name="rtt"/> (0 turns it off).</summary>
    public void SetBrokerRtt(int brokerId, TimeSpan rtt) =>
        Check(rd_kafka_mock_broker_set_rtt(_cluster, brokerId, (int)rtt.TotalMilliseconds), $"set the RTT of broker {brokerId}");

    public void Dispose()
    {
        if (_cluster != IntPtr.Zero)
        {
            rd_kafka_mock_cluster_destroy(_cluster);
            _cluster = IntPtr.Zero;
            rd_kafka_destroy(_handle);
        }
    }

    /// <summary>
    /// Lets Confluent.Kafka load librdkafka its own way, finds the file it loaded, and makes this assembly's
    /// <c>[LibraryImport("librdkafka")]</c> functions bind in that same library (dlopen of a loaded file returns it).
    /// </summary>
    private static IntPtr LoadClientLibrary()
    {
        Library.Load();
        var path = File.ReadLines("/proc/self/maps")
            .Select(static line => line.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? line[slash..] : "")
            .FirstOrDefault(static file => Path.GetFileName(file).Contains("librdkafka", StringComparison.Ordinal))
            ?? throw new InvalidOperationException(
                $"Confluent.Kafka loaded librdkafka {Library.VersionString}, but no librdkafka file is mapped into this process.");
        var handle = NativeLibrary.Load(path);
        NativeLibrary.SetDllImportResolver(typeof(MockKafkaCluster).Assembly,
            (name, _, _) => name == Lib ? handle : IntPtr.Zero);
        LoadedLibraryPath = path;
        return handle;
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"Mock cluster: {what} failed: {Marshal.PtrToStringUTF8(rd_kafka_err2str(error))} ({error}).");
        }
    }

    private static string Decode(byte[] buffer) => Encoding.UTF8.GetString(buffer, 0, Math.Max(0, Array.IndexOf(buffer, (byte)0)));

    [LibraryImport(Lib)]
    private static partial IntPtr rd_kafka_conf_new();

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rd_kafka_conf_set(IntPtr conf, string name, string value, [Out] byte[] errstr, nuint errstrSize);

    [LibraryImport(Lib)]
    private static partial IntPtr rd_kafka_new(int type, IntPtr conf, [Out] byte[] errstr, nuint errstrSize);

    [LibraryImport(Lib)]
    private static partial void rd_kafka_destroy(IntPtr rk);

    [LibraryImport(Lib)]
    private static partial IntPtr rd_kafka_err2str(int err);

    [LibraryImport(Lib)]
    private static partial IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCount);

    [LibraryImport(Lib)]
    private static partial void rd_kafka_mock_cluster_destroy(IntPtr cluster);

    [LibraryImport(Lib)]
    private static partial IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rd_kafka_mock_topic_create(IntPtr cluster, string topic, int partitionCount, int replicationFactor);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rd_kafka_mock_partition_set_leader(IntPtr cluster, string topic, int partition, int brokerId);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rd_kafka_mock_coordinator_set(IntPtr cluster, string keyType, string key, int brokerId);

    [LibraryImport(Lib)]
    private static partial int rd_kafka_mock_broker_set_down(IntPtr cluster, int brokerId);

    [LibraryImport(Lib)]
    private static partial int rd_kafka_mock_broker_set_up(IntPtr cluster, int brokerId);

    [LibraryImport(Lib)]
    private static partial int rd_kafka_mock_broker_set_rtt(IntPtr cluster, int brokerId, int rttMs);

    [LibraryImport(Lib)]
    private static partial void rd_kafka_mock_push_request_errors_array(IntPtr cluster, short apiKey, nuint count, int[] errors);

    [LibraryImport(Lib)]
    private static partial void rd_kafka_mock_clear_request_errors(IntPtr cluster, short apiKey);
}
