using ChatHub.Conversation.Commands;

namespace ChatHub.Conversation.Handoff;

/// <summary><c>/done ID</c>, in the operators' chat: hands the conversation back to the bot.</summary>
public sealed class DoneCommand(HandoffService handoff) : ICommandHandler
{
    public string Name => "done";

    public string Description => "(operators) hand a conversation back to the bot: /done ID";

    public ValueTask<CommandResult> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return handoff.DoneAsync(context.Message, context.Arguments, cancellationToken);
    }
}
