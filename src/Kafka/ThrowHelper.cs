using System.Diagnostics.CodeAnalysis;

namespace ChatHub.Kafka;

internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowNotConfigured() =>
        throw new InvalidOperationException("The Kafka bus is used but Kafka:BootstrapServers is not set.");
}
