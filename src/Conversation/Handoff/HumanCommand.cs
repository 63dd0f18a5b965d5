using ChatHub.Conversation.Commands;

namespace ChatHub.Conversation.Handoff;

/// <summary><c>/human</c>: hands the conversation to a person from the team (see <see cref="HandoffService"/>).</summary>
public sealed class HumanCommand(HandoffService handoff) : ICommandHandler
{
    public string Name => "human";

    public string Description => "talk to a person from the team";

    public ValueTask<CommandResult> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reason = context.Arguments.Length > 0 ? context.Arguments : "The person wrote /human.";
        return handoff.StartAsync(context.HubUserId, context.Message, reason, cancellationToken);
    }
}
