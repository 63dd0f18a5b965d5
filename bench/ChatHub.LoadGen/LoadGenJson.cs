using System.Text.Json.Serialization;

namespace ChatHub.LoadGen;

/// <summary>Source-generated JSON for the results file (infinite latencies are written as "Infinity").</summary>
[JsonSourceGenerationOptions(WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BenchmarkResults))]
[JsonSerializable(typeof(string))]
internal sealed partial class LoadGenJson : JsonSerializerContext;
