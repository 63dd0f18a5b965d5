using ChatHub.Conversation.Sessions;

namespace ChatHub.Conversation.Handoff;

/// <summary>An open hand-off as the admin API lists it: the ticket and the turns since it started (the person's, the operators').</summary>
public sealed record OpenHandoff(HandoffTicket Ticket, IReadOnlyList<SessionTurn> Recent);
