
namespace ChatHub.Conversation.Commands;

/// <summary>What a command answers, plus messages for other conversations (e.g. the other side of a link).</summary>
public sealed record CommandResult(string Reply, IReadOnlyList<Notification>? Notifications = null)
{
    public static implicit operator CommandResult(string reply) => new(reply);

    public static CommandResult FromString(string reply) => new(reply);
}
