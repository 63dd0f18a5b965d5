using System.Security.Cryptography;
using System.Text;
using ChatHub.Conversation.Commands;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Handoff;

/// <summary>
/// Hand-off to a human: starts one (the operators get a summary and a short id), forwards the person's messages to
/// the operators while it lasts, delivers the operators' answers, and ends it. Every step returns the messages to
/// send as <see cref="Notification"/>s (the worker sends them); the state is in <see cref="IHandoffStore"/>, so any
/// node can take any step.
/// </summary>
public sealed partial class HandoffService
{
    /// <summary>What the person is told when the hand-off starts (the model stage says the same).</summary>
    public const string StartedReply = "I have asked a person from the team to join; they will answer here.";

    /// <summary>What the person is told when the operators hand the conversation back.</summary>
    public const string EndedReply = "The person from the team has left the conversation; I am here to help again.";

    /// <summary>The suggested reply that asks for a person (under the fallback's "I don't know" when hand-off is on).</summary>
    public const string Suggestion = "/human";

    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private const int IdLength = 5;
    private const int MaxLineLength = 300;

    private readonly IHandoffStore _store;
    private readonly ISessionStore _sessions;
    private readonly HandoffOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<HandoffService> _logger;
    private readonly ConversationRef? _operators;

    public HandoffService(
        IHandoffStore store, ISessionStore sessions, IOptions<HandoffOptions> options, TimeProvider time, ILogger<HandoffService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _sessions = sessions;
        _options = options.Value;
        _time = time;
        _logger = logger;
        if (_options.Enabled && !_options.Operator.IsAdminApi)
        {
            var chat = _options.Operator;
            _operators = new ConversationRef(chat.Channel!, chat.BotId, chat.ChatId!, string.IsNullOrWhiteSpace(chat.ThreadId) ? null : chat.ThreadId);
        }
    }

    /// <summary>True when an operators' chat (or the admin API as theirs) is configured.</summary>
    public bool Enabled => _options.Enabled;

    /// <summary>True when <paramref name="conversation"/> is the operators' chat (whatever bot id it came through).</summary>
    public bool IsOperatorChat(ConversationRef conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return _operators is { } operators && conversation.Channel == operators.Channel
            && ChannelOf(conversation) == operators.ChatId
            && (operators.ThreadId is null || conversation.ThreadId == operators.ThreadId);
    }

    /// <summary>
    /// A Teams channel message arrives in its thread, <c>19:…@thread.tacv2;messageid=N</c>: the channel is the part
    /// before <c>;messageid=</c> (Teams sets the whole id, so matching on that part stays sound).
    /// </summary>
    private static string ChannelOf(ConversationRef conversation) =>
        conversation.Channel == ChannelNames.Teams && conversation.ChatId.IndexOf(";messageid=", StringComparison.Ordinal) is var cut and > 0
            ? conversation.ChatId[..cut]
            : conversation.ChatId;

    /// <summary>The person's active hand-off, if any.</summary>
    public ValueTask<HandoffTicket?> ActiveAsync(string hubUserId, CancellationToken cancellationToken) =>
        Enabled ? _store.GetByPersonAsync(hubUserId, cancellationToken) : ValueTask.FromResult<HandoffTicket?>(null);

    /// <summary>
    /// Starts a hand-off for the person of <paramref name="message"/>: the reply for them and the operators' notice.
    /// When one is active already, the person is told so and the operators hear nothing new.
    /// </summary>
    public async ValueTask<CommandResult> StartAsync(string hubUserId, InboundMessage message, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!Enabled)
        {
            return "No one from the team can be reached here, sorry. I will keep helping as well as I can.";
        }

        for (var attempt = 0; attempt < 4; attempt++)
        {
            if (await _store.GetByPersonAsync(hubUserId, cancellationToken) is { } open)
            {
                // The same message again (redelivered, or its processing retried): the same answer and notice, whose
                // derived id lets egress drop it when it was sent already.
                return open.MessageId == message.Id
                    ? Started(open)
                    : "A person from the team has already been asked; they will answer here.";
            }

            var id = NewId();
            var ticket = new HandoffTicket(id, hubUserId, message.Conversation, _time.GetUtcNow())
            {
                MessageId = message.Id,
                AskedAt = message.ReceivedAt,
                Summary = await SummaryAsync(id, hubUserId, message, reason, cancellationToken),
            };
            if (await _store.TryStartAsync(ticket, _options.Expiry, cancellationToken))
            {
                LogStarted(_logger, ticket.Id, message.Conversation.Channel, _options.Operator.Channel!);
                return Started(ticket);
            }
        }

        throw new InvalidOperationException("No free hand-off id after four draws.");
    }

    /// <summary>The person's answer and, for an operators' chat, the notice with the summary.</summary>
    private CommandResult Started(HandoffTicket ticket) =>
        new(StartedReply, _operators is { } operators
            ? [new Notification(operators, ticket.Summary ?? $"Hand-off {ticket.Id}.", ticket.Id) { Suggestions = [Done(ticket)] }]
            : []);

    /// <summary>The operators' one-tap hand-back: pressed in their chat, it arrives as the command typed.</summary>
    private static string Done(HandoffTicket ticket) => $"/done {ticket.Id}";

    /// <summary>
    /// A message from a handed-off person: kept in the session and passed to the operators' chat (null with the admin
    /// API, which lists it from the session), no bot reply.
    /// </summary>
    public async ValueTask<Notification?> ForwardAsync(HandoffTicket ticket, InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(message);
        var history = await _sessions.GetAsync(ticket.HubUserId, cancellationToken);
        if (!history.Any(turn => turn.MessageId == message.Id))
        {
            await _sessions.AppendAsync(
                ticket.HubUserId,
                [new SessionTurn(SessionRoles.User, message.Text, message.ReceivedAt, message.Conversation.Channel) { MessageId = message.Id }],
                cancellationToken);
        }

        LogForwarded(_logger, ticket.Id, message.Id);
        if (_operators is not { } operators)
        {
            return null;
        }

        // Every line starts with the real id: a person's own line breaks cannot fake a line of another hand-off.
        var text = message.Text.ReplaceLineEndings("\n").Replace("\n", $"\n[{ticket.Id}] ", StringComparison.Ordinal);
        return new Notification(operators, $"[{ticket.Id}] {Name(message)}: {text}", ticket.Id);
    }

    /// <summary><c>/reply ID text</c> from the operators' chat: the text goes to the person, on their platform.</summary>
    public async ValueTask<CommandResult> ReplyAsync(InboundMessage message, string arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!IsOperatorChat(message.Conversation))
        {
            return "Only the team's operator chat can use /reply.";
        }

        var parts = arguments.Trim().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length < 2)
        {
            return "Write /reply ID text, e.g. /reply K7QMX Hello, how can I help?";
        }

        return await AnswerAsync(parts[0], parts[1], cancellationToken) is { } step
            ? new CommandResult($"Sent to {step.Ticket.Id}.", [step.ToPerson]) { Suggestions = [Done(step.Ticket)] }
            : $"There is no open hand-off {Shown(parts[0])}.";
    }

    /// <summary><c>/done ID</c> from the operators' chat: the bot answers the person again.</summary>
    public async ValueTask<CommandResult> DoneAsync(InboundMessage message, string arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!IsOperatorChat(message.Conversation))
        {
            return "Only the team's operator chat can use /done.";
        }

        return await EndAsync(arguments.Trim(), cancellationToken) is { } step
            ? new CommandResult($"{step.Ticket.Id} is back with the bot.", [step.ToPerson])
            : $"There is no open hand-off {Shown(arguments.Trim())}.";
    }

    /// <summary>
    /// The operators' answer on hand-off <paramref name="id"/>, from whichever channel they use (<c>/reply</c>, the
    /// admin API): kept in the person's session; the message for the person, or null when no such hand-off is open.
    /// </summary>
    public async ValueTask<HandoffStep?> AnswerAsync(string id, string text, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (await FindAsync(id, cancellationToken) is not { } ticket)
        {
            return null;
        }

        await _sessions.AppendAsync(
            ticket.HubUserId, [new SessionTurn(SessionRoles.Assistant, text, _time.GetUtcNow(), ticket.Person.Channel)], cancellationToken);
        LogReplied(_logger, ticket.Id);
        return new HandoffStep(ticket, new Notification(ticket.Person, text, ticket.Id));
    }

    /// <summary>Ends hand-off <paramref name="id"/> (<c>/done</c>, the admin API): the message for the person, or null when it was not open.</summary>
    public async ValueTask<HandoffStep?> EndAsync(string id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is not { } ticket || !await _store.TryEndAsync(ticket, cancellationToken))
        {
            return null;
        }

        LogEnded(_logger, ticket.Id);
        return new HandoffStep(ticket, new Notification(ticket.Person, EndedReply, ticket.Id));
    }

    private ValueTask<HandoffTicket?> FindAsync(string id, CancellationToken cancellationToken) =>
        IsId(id) ? _store.GetAsync(id.ToUpperInvariant(), cancellationToken) : ValueTask.FromResult<HandoffTicket?>(null);

    private async ValueTask<string> SummaryAsync(string id, string hubUserId, InboundMessage message, string reason, CancellationToken cancellationToken)
    {
        var text = new StringBuilder()
            .Append("Hand-off ").Append(id).Append(": ").Append(Name(message)).Append(" on ").Append(message.Conversation.Channel)
            .Append(" asks for a person.\nReason: ").Append(Line(reason)).Append('\n');
        var turns = _options.SummaryTurns == 0 ? [] : await _sessions.GetAsync(hubUserId, cancellationToken);
        if (turns.Count > 0)
        {
            text.Append("Recent conversation:\n");
            foreach (var turn in turns.TakeLast(_options.SummaryTurns))
            {
                text.Append(turn.Role == SessionRoles.User ? "person: " : "bot: ").Append(Line(turn.Text)).Append('\n');
            }
        }

        return _options.Operator.IsAdminApi
            ? text.Append("Answer with POST /admin/handoffs/").Append(id).Append("/replies; hand back with POST /admin/handoffs/").Append(id).Append("/done.").ToString()
            : text.Append("Answer with /reply ").Append(id).Append(" <text>; hand back with /done ").Append(id).Append('.').ToString();
    }

    private static string Name(InboundMessage message) =>
        string.IsNullOrWhiteSpace(message.From.DisplayName) ? "A person" : Line(message.From.DisplayName);

    private static string Line(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= MaxLineLength ? line : string.Concat(line.AsSpan(0, MaxLineLength), "…");
    }

    private static bool IsId(string text) =>
        text.Length == IdLength && text.All(c => Alphabet.Contains(char.ToUpperInvariant(c), StringComparison.Ordinal));

    // An id as typed, for the answer: only when it looks like one (nothing else is echoed).
    private static string Shown(string text) => IsId(text) ? text.ToUpperInvariant() : "with that id";

    private static string NewId() => RandomNumberGenerator.GetString(Alphabet, IdLength);

    [LoggerMessage(EventId = 3951, Level = LogLevel.Information, Message = "Hand-off {HandoffId} started from {Channel}; operators on {OperatorChannel}")]
    private static partial void LogStarted(ILogger logger, string handoffId, string channel, string operatorChannel);

    [LoggerMessage(EventId = 3952, Level = LogLevel.Debug, Message = "Message {MessageId} of hand-off {HandoffId} forwarded to the operators")]
    private static partial void LogForwarded(ILogger logger, string handoffId, string messageId);

    [LoggerMessage(EventId = 3953, Level = LogLevel.Information, Message = "Operator answer sent for hand-off {HandoffId}")]
    private static partial void LogReplied(ILogger logger, string handoffId);

    [LoggerMessage(EventId = 3954, Level = LogLevel.Information, Message = "Hand-off {HandoffId} ended; the bot answers again")]
    private static partial void LogEnded(ILogger logger, string handoffId);
}
