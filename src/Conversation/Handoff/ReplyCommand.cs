using ChatHub.Conversation.Commands;

namespace ChatHub.Conversation.Handoff;

/// <summary><c>/reply ID text</c>, in the operators' chat: answers the person of hand-off ID on their platform.</summary>
public sealed class ReplyCommand(HandoffService handoff) : ICommandHandler
{
    public string Name => "reply";

    public string Description => "(operators) answer a handed-off person: /reply ID text";

    public ValueTask<CommandResult> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return handoff.ReplyAsync(context.Message, context.Arguments, cancellationToken);
    }
}
