using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatHub.Adapters.BotFramework.Protocol;

/// <summary>Source-generated (de)serialization of the Activity protocol: camelCase, nulls omitted, no reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(Activity))]
[JsonSerializable(typeof(OutboundActivity))]
[JsonSerializable(typeof(ResourceResponse))]
[JsonSerializable(typeof(TokenResponse))]
internal sealed partial class BotFrameworkJsonContext : JsonSerializerContext
{
    /// <summary>A context whose reader stops at <paramref name="maxDepth"/> levels of nesting.</summary>
    public static BotFrameworkJsonContext WithMaxDepth(int maxDepth) => new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = true,
        MaxDepth = maxDepth,
    });
}
