using ChatHub.Conversation.Audit;
using ChatHub.Conversation.Commands;

namespace ChatHub.Conversation.Broadcasts;

/// <summary>
/// <c>/stop</c>: no more broadcasts, recorded on the hub user, so it holds on every platform linked to them
/// (<c>/start</c> opts in again). Replies to the person's own messages are not affected.
/// </summary>
public sealed class StopCommand(IBroadcastStore store, IAuditLog audit, TimeProvider time) : ICommandHandler
{
    public const string Reply = "You will get no more announcements, on any platform linked to you. Send /start to get them again.";

    public string Name => "stop";

    public string Description => "stop announcements";

    public async ValueTask<CommandResult> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await store.SetPreferenceAsync(context.HubUserId, BroadcastPreference.OptedOut, cancellationToken);
        await audit.AppendAsync(
            new AuditEntry(time.GetUtcNow(), context.HubUserId, AuditActions.BroadcastPreference, $"opted out on {context.Message.Conversation.Channel}"),
            cancellationToken);
        return Reply;
    }
}
