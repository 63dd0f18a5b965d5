using ChatHub.Conversation.Sessions;

namespace ChatHub.Conversation.Commands;

public sealed class ResetCommand : ICommandHandler
{
    private readonly ISessionStore _sessions;
    private readonly ISummaryStore? _summaries;

    public ResetCommand(ISessionStore sessions, ISummaryStore? summaries = null)
    {
        _sessions = sessions;
        _summaries = summaries;
    }

    public string Name => "reset";

    public string Description => "forget our conversation so far";

    public async ValueTask<CommandResult> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await _sessions.ClearAsync(context.HubUserId, cancellationToken);
        if (_summaries is not null)
        {
            await _summaries.ClearAsync(context.HubUserId, cancellationToken);
        }
        return "Done: I have forgotten our conversation. What would you like to ask?";
    }
}
