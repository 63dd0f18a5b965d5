using ChatHub.Conversation.Handoff;
using ChatHub.Conversation.Sessions;

namespace ChatHub.Hub.Admin;

/// <summary>Body of <c>POST /admin/handoffs/{id}/replies</c>.</summary>
public sealed record HandoffReplyRequest(string? Text);

/// <summary>What an operator's step did: the hand-off and the person's platform.</summary>
public sealed record HandoffStepResponse(string Id, string Platform);

/// <summary>One line said since the hand-off started: <c>person</c> or <c>operator</c>.</summary>
public sealed record HandoffLineResponse(string From, string Text, DateTimeOffset At);

/// <summary>An open hand-off as <c>GET /admin/handoffs</c> lists it.</summary>
public sealed record HandoffResponse(
    string Id, string HubUserId, string Platform, string Summary, DateTimeOffset OpenedAt, IReadOnlyList<HandoffLineResponse> Recent)
{
    public static HandoffResponse From(OpenHandoff open)
    {
        ArgumentNullException.ThrowIfNull(open);
        var ticket = open.Ticket;
        return new(
            ticket.Id, ticket.HubUserId, ticket.Person.Channel, ticket.Summary ?? "", ticket.StartedAt,
            [.. open.Recent.Select(t => new HandoffLineResponse(t.Role == SessionRoles.User ? "person" : "operator", t.Text, t.At))]);
    }
}
