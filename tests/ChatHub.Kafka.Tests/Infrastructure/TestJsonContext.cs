using System.Text.Json.Serialization;

namespace ChatHub.Kafka.Tests.Infrastructure;

/// <summary>Contracts for the spec's <c>BusTopic&lt;int&gt;</c>.</summary>
[JsonSerializable(typeof(int))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
