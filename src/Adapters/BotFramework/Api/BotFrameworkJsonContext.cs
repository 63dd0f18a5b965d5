using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatHub.Adapters.BotFramework.Api;

/// <summary>Source-generated (de)serialization of the Activity protocol: camelCase, nulls omitted, no reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(Activity))]
[JsonSerializable(typeof(OutboundActivity))]
[JsonSerializable(typeof(ResourceResponse))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(BotFrameworkConversations.Entry))]
internal sealed partial class BotFrameworkJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The inbound context: the reader stops at <paramref name="maxDepth"/> levels of nesting, and a repeated member
    /// (<c>"text"</c> twice, or <c>"text"</c> and <c>"Text"</c>) is malformed rather than last-one-wins.
    /// </summary>
    public static BotFrameworkJsonContext WithMaxDepth(int maxDepth) => new(new JsonSerializerOptions
    {
        AllowDuplicateProperties = false,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = true,
        MaxDepth = maxDepth,
    });
}
