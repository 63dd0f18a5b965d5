using ChatHub.Conversation.Audit;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Sessions;
using Microsoft.Extensions.Logging;

namespace ChatHub.Conversation.Handoff;

/// <summary>
/// The operators' steps through the admin API (<c>Handoff:Operator:Channel=admin</c>): the open hand-offs with what
/// was said since, an answer, the end. The steps are <see cref="HandoffService"/>'s, as for <c>/reply</c> and
/// <c>/done</c>; the message for the person goes out on the outbound topic, and each step is in the person's audit log
/// with the admin key's name (never the text).
/// </summary>
public sealed partial class HandoffAdministration(
    HandoffService handoff, IHandoffStore store, ISessionStore sessions, IMessageBus bus, IAuditLog audit, TimeProvider time,
    ILogger<HandoffAdministration> logger)
{
    /// <summary>At most this many hand-offs are listed.</summary>
    public const int MaxListed = 200;

    /// <summary>At most this many turns since the start are listed per hand-off.</summary>
    public const int MaxRecentTurns = 20;

    /// <summary>The open hand-offs, oldest first, each with the turns since it started.</summary>
    public async ValueTask<IReadOnlyList<OpenHandoff>> ListAsync(CancellationToken cancellationToken)
    {
        var tickets = await store.ListAsync(MaxListed, cancellationToken);
        var open = new List<OpenHandoff>(tickets.Count);
        foreach (var ticket in tickets.OrderBy(t => t.StartedAt).ThenBy(t => t.Id, StringComparer.Ordinal))
        {
            var turns = await sessions.GetAsync(ticket.HubUserId, cancellationToken);
            open.Add(new OpenHandoff(ticket, [.. turns.Where(turn => IsSince(ticket, turn)).TakeLast(MaxRecentTurns)]));
        }

        return open;
    }

    /// <summary>
    /// A turn of the hand-off: the person's messages received since they asked (not the asking message itself), the
    /// operators' answers after it started (the bot's own "I have asked a person" reply was kept before that).
    /// </summary>
    private static bool IsSince(HandoffTicket ticket, SessionTurn turn) => turn.Role == SessionRoles.User
        ? turn.At >= (ticket.AskedAt ?? ticket.StartedAt) && turn.MessageId != ticket.MessageId
        : turn.At > ticket.StartedAt;

    /// <summary>Sends the operators' answer to the person of hand-off <paramref name="id"/>; null when no such hand-off is open.</summary>
    public async ValueTask<HandoffTicket?> ReplyAsync(string id, string text, string caller, CancellationToken cancellationToken)
    {
        if (await handoff.AnswerAsync(id, text, cancellationToken) is not { } step)
        {
            return null;
        }

        await DeliverAsync(step, AuditActions.HandoffReply, caller, cancellationToken);
        return step.Ticket;
    }

    /// <summary>Hands the conversation of hand-off <paramref name="id"/> back to the bot; null when it was not open.</summary>
    public async ValueTask<HandoffTicket?> DoneAsync(string id, string caller, CancellationToken cancellationToken)
    {
        if (await handoff.EndAsync(id, cancellationToken) is not { } step)
        {
            return null;
        }

        await DeliverAsync(step, AuditActions.HandoffDone, caller, cancellationToken);
        return step.Ticket;
    }

    private async ValueTask DeliverAsync(HandoffStep step, string action, string caller, CancellationToken cancellationToken)
    {
        var toPerson = step.ToPerson;
        var message = new OutboundMessage
        {
            Id = MessageIds.NewId("ho_"),
            Conversation = toPerson.Conversation,
            Kind = OutboundKind.Final,
            Text = toPerson.Text,
            Suggestions = toPerson.Suggestions,
            Source = ReplySource.System,
            CreatedAt = time.GetUtcNow(),
        };
        await bus.PublishAsync(Topics.Outbound, toPerson.Conversation.Key, message, cancellationToken);
        await audit.AppendAsync(
            new AuditEntry(time.GetUtcNow(), step.Ticket.HubUserId, action, $"hand-off {step.Ticket.Id}: {message.Id} by admin key '{caller}'"),
            cancellationToken);
        LogAdminStep(logger, step.Ticket.Id, action, caller);
    }

    [LoggerMessage(EventId = 3955, Level = LogLevel.Information, Message = "Hand-off {HandoffId}: {Action} through the admin API by key {Caller}")]
    private static partial void LogAdminStep(ILogger logger, string handoffId, string action, string caller);
}
