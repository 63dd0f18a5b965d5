using ChatHub.Conversation.Messages;

namespace ChatHub.Adapters.BotFramework.Ingress;

/// <summary>
/// The mapper's verdict: the inbound message (for <see cref="BotFrameworkActivityKind.Message"/>), the conversation
/// (for <see cref="BotFrameworkActivityKind.BotAdded"/>), or why it is ignored or invalid.
/// </summary>
internal sealed record BotFrameworkMappedActivity(
    BotFrameworkActivityKind Kind, InboundMessage? Message = null, ConversationRef? Conversation = null, string? Reason = null)
{
    public static BotFrameworkMappedActivity Ignored(string reason) => new(BotFrameworkActivityKind.Ignored, Reason: reason);

    public static BotFrameworkMappedActivity Invalid(string reason) => new(BotFrameworkActivityKind.Invalid, Reason: reason);
}
