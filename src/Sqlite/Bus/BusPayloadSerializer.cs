using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ChatHub.Sqlite.Bus;

/// <summary>
/// Bus messages as UTF-8 JSON in the inbox: the hub's messages through source-generated contracts; other types (tests,
/// extensions) by passing their own resolver. A type without a contract is a programming error
/// (<see cref="NotSupportedException"/> at publish).
/// </summary>
public sealed class BusPayloadSerializer
{
    private readonly JsonSerializerOptions _options;

    public BusPayloadSerializer(params IJsonTypeInfoResolver[] additionalResolvers)
    {
        ArgumentNullException.ThrowIfNull(additionalResolvers);
        _options = new JsonSerializerOptions(SqliteJsonContext.Default.Options)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine([SqliteJsonContext.Default, .. additionalResolvers]),
        };
        _options.MakeReadOnly();
    }

    /// <summary>The hub's messages only.</summary>
    public static BusPayloadSerializer Default { get; } = new();

    public byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo<T>());

    public T Deserialize<T>(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, TypeInfo<T>()) ?? throw new JsonException("The stored message is null.");

    internal static string SerializeHeaders(IReadOnlyDictionary<string, string> headers) =>
        JsonSerializer.Serialize(new Dictionary<string, string>(headers, StringComparer.Ordinal), SqliteJsonContext.Default.DictionaryStringString);

    internal static IReadOnlyDictionary<string, string> DeserializeHeaders(string? json) =>
        string.IsNullOrEmpty(json) ? EmptyHeaders : JsonSerializer.Deserialize(json, SqliteJsonContext.Default.DictionaryStringString) ?? EmptyHeaders;

    private static readonly IReadOnlyDictionary<string, string> EmptyHeaders = new Dictionary<string, string>();

    private JsonTypeInfo<T> TypeInfo<T>() =>
        _options.TryGetTypeInfo(typeof(T), out var info)
            ? (JsonTypeInfo<T>)info
            : throw new NotSupportedException(
                $"The durable inbox has no JSON contract for {typeof(T).FullName}: pass a resolver that covers it to BusPayloadSerializer.");
}
