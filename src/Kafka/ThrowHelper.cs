using System.Diagnostics.CodeAnalysis;

namespace ChatHub.Kafka;

internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowLibraryMissing(string path) =>
        throw new DllNotFoundException(
            $"librdkafka could not be loaded from '{path}'. Install it (Debian: scripts/deps/kafka.sh, i.e. apt-get install librdkafka1) or set Kafka:NativeLibraryPath.");

    [DoesNotReturn]
    public static void ThrowNotConfigured() =>
        throw new InvalidOperationException("The Kafka bus is used but Kafka:BootstrapServers is not set.");
}
