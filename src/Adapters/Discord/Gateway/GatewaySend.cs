using System.Text.Json.Serialization;

namespace ChatHub.Adapters.Discord.Gateway;

/// <summary>A payload the client sends: <c>{"op","d"}</c>; <c>d</c> is written even when null (a first heartbeat).</summary>
internal sealed record GatewaySend<T>(int Op, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] T D);
