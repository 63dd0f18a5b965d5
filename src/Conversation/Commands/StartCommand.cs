namespace ChatHub.Conversation.Commands;

/// <summary><c>/start</c>: what Telegram (and some other clients) send when someone first opens the bot.</summary>
public sealed class StartCommand : ICommandHandler
{
    public string Name => "start";

    public string Description => "say hello";

    public ValueTask<CommandResult> HandleAsync(CommandContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<CommandResult>(
            "Hi! I'm ChatHub's assistant. Ask me anything in your own words. Send /help to see what else I can do, " +
            "and /link to continue this conversation on another platform.");
}
