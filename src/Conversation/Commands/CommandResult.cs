using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Commands;

/// <summary>
/// What a command answers, plus messages for other conversations (e.g. the other side of a link), and the next steps
/// the person may want as suggested replies (<see cref="SuggestedReplies"/>: buttons or chips under the answer).
/// </summary>
public sealed record CommandResult(string Reply, IReadOnlyList<Notification>? Notifications = null)
{
    private readonly IReadOnlyList<string>? _suggestions;

    /// <summary>Suggested replies under <see cref="Reply"/> (normalized like <see cref="OutboundMessage.Suggestions"/>); null when none.</summary>
    public IReadOnlyList<string>? Suggestions
    {
        get => _suggestions;
        init => _suggestions = SuggestedReplies.Normalize(value);
    }

    public static implicit operator CommandResult(string reply) => new(reply);

    public static CommandResult FromString(string reply) => new(reply);
}
