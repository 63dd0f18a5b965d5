using ChatHub.Conversation.Commands;

namespace ChatHub.Conversation.Handoff;

/// <summary>An operators' step on an open hand-off (an answer, the end): the ticket and the message for the person.</summary>
public sealed record HandoffStep(HandoffTicket Ticket, Notification ToPerson);
