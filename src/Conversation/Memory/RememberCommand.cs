using ChatHub.Conversation.Commands;

namespace ChatHub.Conversation.Memory;

/// <summary><c>/remember TEXT</c>: the same as saying "remember that TEXT".</summary>
public sealed class RememberCommand(MemoryService memory) : ICommandHandler
{
    public string Name => "remember";

    public string Description => "keep something for later: /remember TEXT (or say \"remember that …\")";

    public async ValueTask<CommandResult> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await memory.RememberAsync(context.HubUserId, context.Message.Conversation.Channel, context.Arguments, cancellationToken);
    }
}
