using ChatHub.Conversation.Audit;
using ChatHub.Conversation.Broadcasts;

namespace ChatHub.Conversation.Commands;

/// <summary>
/// <c>/start</c>: what Telegram (and some other clients) send when someone first opens the bot. It greets, and opts the
/// person in to announcements (the opted-in broadcast audience; it also undoes <c>/stop</c>).
/// </summary>
public sealed class StartCommand(IBroadcastStore store, IAuditLog audit, TimeProvider time) : ICommandHandler
{
    public const string Greeting =
        "Hi! I'm ChatHub's assistant. Ask me anything in your own words. Send /help to see what else I can do, " +
        "and /link to continue this conversation on another platform.";

    public string Name => "start";

    public string Description => "say hello, and get announcements (/stop ends them)";

    public async ValueTask<CommandResult> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await store.GetPreferenceAsync(context.HubUserId, cancellationToken) != BroadcastPreference.OptedIn)
        {
            await store.SetPreferenceAsync(context.HubUserId, BroadcastPreference.OptedIn, cancellationToken);
            await audit.AppendAsync(
                new AuditEntry(time.GetUtcNow(), context.HubUserId, AuditActions.BroadcastPreference, $"opted in on {context.Message.Conversation.Channel}"),
                cancellationToken);
        }

        return new CommandResult(Greeting + " You will get our announcements; send /stop to end them.") { Suggestions = ["/help", "/link"] };
    }
}
