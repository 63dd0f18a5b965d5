using ChatHub.Conversation.Sessions;

namespace ChatHub.Conversation.Commands;

public sealed class ResetCommand : ICommandHandler
{
    private readonly ISessionStore _sessions;

    public ResetCommand(ISessionStore sessions) => _sessions = sessions;

    public string Name => "reset";

    public string Description => "forget our conversation so far";

    public async ValueTask<CommandResult> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await _sessions.ClearAsync(context.HubUserId, cancellationToken);
        return "Done: I have forgotten our conversation. What would you like to ask?";
    }
}
