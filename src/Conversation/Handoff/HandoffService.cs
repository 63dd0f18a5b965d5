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
        if (_options.Enabled)
        {
            var chat = _options.Operator;
            _operators = new ConversationRef(chat.Channel!, chat.BotId, chat.ChatId!, string.IsNullOrWhiteSpace(chat.ThreadId) ? null : chat.ThreadId);
        }
    }

    /// <summary>True when an operators' chat is configured.</summary>
    public bool Enabled => _operators is not null;

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
        if (_operators is not { } operators)
        {
            return "No one from the team can be reached here, sorry. I will keep helping as well as I can.";
        }

        for (var attempt = 0; attempt < 4; attempt++)
        {
            if (await _store.GetByPersonAsync(hubUserId, cancellationToken) is not null)
            {
                return "A person from the team has already been asked; they will answer here.";
            }

            var ticket = new HandoffTicket(NewId(), hubUserId, message.Conversation, _time.GetUtcNow());
            if (await _store.TryStartAsync(ticket, _options.Expiry, cancellationToken))
            {
                LogStarted(_logger, ticket.Id, message.Conversation.Channel, operators.Channel);
                var summary = await SummaryAsync(ticket, message, reason, cancellationToken);
                return new CommandResult(StartedReply, [new Notification(operators, summary)]);
            }
        }

        throw new InvalidOperationException("No free hand-off id after four draws.");
    }

    /// <summary>A message from a handed-off person: kept in the session and passed to the operators, no bot reply.</summary>
    public async ValueTask<Notification> ForwardAsync(HandoffTicket ticket, InboundMessage message, CancellationToken cancellationToken)
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
        // Every line starts with the real id: a person's own line breaks cannot fake a line of another hand-off.
        var text = message.Text.ReplaceLineEndings("\n").Replace("\n", $"\n[{ticket.Id}] ", StringComparison.Ordinal);
        return new Notification(_operators!, $"[{ticket.Id}] {Name(message)}: {text}");
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

        if (await FindAsync(parts[0], cancellationToken) is not { } ticket)
        {
            return $"There is no open hand-off {Shown(parts[0])}.";
        }

        await _sessions.AppendAsync(
            ticket.HubUserId, [new SessionTurn(SessionRoles.Assistant, parts[1], _time.GetUtcNow(), ticket.Person.Channel)], cancellationToken);
        LogReplied(_logger, ticket.Id);
        return new CommandResult($"Sent to {ticket.Id}.", [new Notification(ticket.Person, parts[1])]);
    }

    /// <summary><c>/done ID</c> from the operators' chat: the bot answers the person again.</summary>
    public async ValueTask<CommandResult> DoneAsync(InboundMessage message, string arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!IsOperatorChat(message.Conversation))
        {
            return "Only the team's operator chat can use /done.";
        }

        if (await FindAsync(arguments.Trim(), cancellationToken) is not { } ticket || !await _store.TryEndAsync(ticket, cancellationToken))
        {
            return $"There is no open hand-off {Shown(arguments.Trim())}.";
        }

        LogEnded(_logger, ticket.Id);
        return new CommandResult(
            $"{ticket.Id} is back with the bot.",
            [new Notification(ticket.Person, "The person from the team has left the conversation; I am here to help again.")]);
    }

    private ValueTask<HandoffTicket?> FindAsync(string id, CancellationToken cancellationToken) =>
        IsId(id) ? _store.GetAsync(id.ToUpperInvariant(), cancellationToken) : ValueTask.FromResult<HandoffTicket?>(null);

    private async ValueTask<string> SummaryAsync(HandoffTicket ticket, InboundMessage message, string reason, CancellationToken cancellationToken)
    {
        var text = new StringBuilder()
            .Append("Hand-off ").Append(ticket.Id).Append(": ").Append(Name(message)).Append(" on ").Append(message.Conversation.Channel)
            .Append(" asks for a person.\nReason: ").Append(Line(reason)).Append('\n');
        var turns = _options.SummaryTurns == 0 ? [] : await _sessions.GetAsync(ticket.HubUserId, cancellationToken);
        if (turns.Count > 0)
        {
            text.Append("Recent conversation:\n");
            foreach (var turn in turns.TakeLast(_options.SummaryTurns))
            {
                text.Append(turn.Role == SessionRoles.User ? "person: " : "bot: ").Append(Line(turn.Text)).Append('\n');
            }
        }

        return text.Append("Answer with /reply ").Append(ticket.Id).Append(" <text>; hand back with /done ").Append(ticket.Id).Append('.').ToString();
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
