using System.Text.Json.Serialization;
using ChatHub.Conversation.Broadcasts;
using ChatHub.Conversation.Handoff;
using ChatHub.Conversation.WebChat;
using ChatHub.Conversation.Linking;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Sessions;

namespace ChatHub.Sqlite;

/// <summary>
/// Source-generated JSON of what the stores keep as documents and of the bus messages in the inbox: camelCase, enums as
/// strings, nulls omitted (the contracts of the Redis and Kafka backends, so an exported value reads the same).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(SessionTurn))]
[JsonSerializable(typeof(RouteEntry))]
[JsonSerializable(typeof(LinkCode))]
[JsonSerializable(typeof(HandoffTicket))]
[JsonSerializable(typeof(Broadcast))]
[JsonSerializable(typeof(ConversationRef))]
[JsonSerializable(typeof(WebChatReply))]
[JsonSerializable(typeof(InboundMessage))]
[JsonSerializable(typeof(OutboundMessage))]
[JsonSerializable(typeof(DeadLetter))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class SqliteJsonContext : JsonSerializerContext;
