namespace ChatHub.Conversation.Messages;

/// <summary>A message that could not be handled or delivered, with the reason; published to <c>chat.dlq</c>.</summary>
/// <param name="SourceTopic">The topic the message came from.</param>
/// <param name="Key">Its partition key.</param>
/// <param name="Reason">Why it failed, for operators (never message text).</param>
/// <param name="FailedAt">When it was given up on.</param>
/// <param name="Inbound">The inbound message, when that is what failed.</param>
/// <param name="Outbound">The outbound message, when that is what failed.</param>
public sealed record DeadLetter(
    string SourceTopic,
    string Key,
    string Reason,
    DateTimeOffset FailedAt,
    InboundMessage? Inbound = null,
    OutboundMessage? Outbound = null);
