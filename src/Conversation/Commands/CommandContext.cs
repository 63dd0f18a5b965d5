using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Commands;

/// <summary>What a command handler gets: the message, the resolved hub user, the text after the command name.</summary>
public sealed record CommandContext(InboundMessage Message, string HubUserId, string Arguments, CommandRegistry Registry);
