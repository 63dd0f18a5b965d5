using System.Text.Json.Serialization;
using ChatHub.Conversation.Broadcasts;
using ChatHub.Conversation.Handoff;
using ChatHub.Conversation.Linking;
using ChatHub.Conversation.Memory;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Sessions;
using ChatHub.Conversation.WebChat;

namespace ChatHub.Redis;

/// <summary>How stored values are written: source-generated JSON of the domain records (no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SessionTurn))]
[JsonSerializable(typeof(RouteEntry))]
[JsonSerializable(typeof(LinkCode))]
[JsonSerializable(typeof(HandoffTicket))]
[JsonSerializable(typeof(Broadcast))]
[JsonSerializable(typeof(BroadcastRecipient))]
[JsonSerializable(typeof(WebChatReply))]
[JsonSerializable(typeof(MemoryEntry))]
internal sealed partial class RedisJsonContext : JsonSerializerContext;
