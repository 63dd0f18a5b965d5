using System.Text.Json.Serialization;
using ChatHub.Conversation.Messages;

namespace ChatHub.Kafka.Serialization;

/// <summary>
/// Source-generated JSON contracts of the hub's bus messages. camelCase, enums as strings (readable in kcat, and a
/// renumbered enum cannot silently change meaning), nulls omitted; <c>required</c> members must be present, so a
/// record missing them is undecodable (poison) rather than half-filled. DateTimeOffset round-trips exactly (ISO 8601
/// with offset and 100 ns ticks).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(InboundMessage))]
[JsonSerializable(typeof(OutboundMessage))]
[JsonSerializable(typeof(DeadLetter))]
internal sealed partial class KafkaJsonContext : JsonSerializerContext;
