namespace ChatHub.LoadGen.Workload;

/// <summary>One message of the schedule: its chat, its JSON-encoded text, what it exercises, its conversation.</summary>
internal readonly record struct PlannedMessage(long ChatId, string EncodedText, MessageKind Kind, Conversation? Conversation);
