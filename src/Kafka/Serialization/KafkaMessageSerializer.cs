using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ChatHub.Kafka.Serialization;

/// <summary>
/// Message values as UTF-8 JSON through source-generated contracts: the hub's messages by default; other types
/// (tests, extensions) by passing their own <see cref="System.Text.Json.Serialization.JsonSerializerContext"/>.
/// A type without a contract is a programming error (<see cref="NotSupportedException"/> at publish or consume).
/// </summary>
public sealed class KafkaMessageSerializer
{
    private readonly JsonSerializerOptions _options;

    public KafkaMessageSerializer(params IJsonTypeInfoResolver[] additionalResolvers)
    {
        ArgumentNullException.ThrowIfNull(additionalResolvers);
        _options = new JsonSerializerOptions(KafkaJsonContext.Default.Options)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine([KafkaJsonContext.Default, .. additionalResolvers]),
        };
        _options.MakeReadOnly();
    }

    /// <summary>The hub's messages only.</summary>
    public static KafkaMessageSerializer Default { get; } = new();

    public byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo<T>());

    /// <summary>Decodes a value; throws <see cref="JsonException"/> when the bytes are not a valid <typeparamref name="T"/> (poison).</summary>
    public T Deserialize<T>(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.IsEmpty)
        {
            throw new JsonException("The record has no value.");
        }

        return JsonSerializer.Deserialize(utf8Json, TypeInfo<T>()) ?? throw new JsonException("The record's value is null.");
    }

    /// <summary>Throws <see cref="NotSupportedException"/> when there is no contract for <typeparamref name="T"/>.</summary>
    public void EnsureSupported<T>() => _ = TypeInfo<T>();

    private JsonTypeInfo<T> TypeInfo<T>() =>
        _options.TryGetTypeInfo(typeof(T), out var info)
            ? (JsonTypeInfo<T>)info
            : throw new NotSupportedException(
                $"The Kafka bus has no JSON contract for {typeof(T).FullName}: pass a JsonSerializerContext that covers it to KafkaMessageSerializer.");
}
