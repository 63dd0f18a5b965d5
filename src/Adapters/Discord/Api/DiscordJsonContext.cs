using System.Text.Json.Serialization;
using ChatHub.Adapters.Discord.Gateway;

namespace ChatHub.Adapters.Discord.Api;

/// <summary>Source-generated (reflection-free) JSON for REST and gateway: snake_case names, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    MaxDepth = 64)]
[JsonSerializable(typeof(DiscordMessage))]
[JsonSerializable(typeof(DiscordInteraction))]
[JsonSerializable(typeof(InteractionResponse))]
[JsonSerializable(typeof(DiscordApiError))]
[JsonSerializable(typeof(GatewayBotResponse))]
[JsonSerializable(typeof(CreateMessageRequest))]
[JsonSerializable(typeof(EditMessageRequest))]
[JsonSerializable(typeof(GatewayFrame))]
[JsonSerializable(typeof(HelloData))]
[JsonSerializable(typeof(ReadyData))]
[JsonSerializable(typeof(GatewaySend<IdentifyData>))]
[JsonSerializable(typeof(GatewaySend<ResumeData>))]
[JsonSerializable(typeof(GatewaySend<long?>))]
internal sealed partial class DiscordJsonContext : JsonSerializerContext;
