using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Linking;

namespace ChatHub.Conversation.Commands;

/// <summary><c>/unlink</c> detaches this platform account from the others (it starts a fresh conversation).</summary>
public sealed class UnlinkCommand : ICommandHandler
{
    private readonly LinkService _links;

    public UnlinkCommand(LinkService links) => _links = links;

    public string Name => "unlink";

    public string Description => "detach this chat from your linked accounts";

    public async ValueTask<CommandResult> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var identity = new PlatformIdentity(context.Message.Conversation.Channel, context.Message.From.UserId);
        var result = await _links.UnlinkAsync(context.HubUserId, identity, cancellationToken);
        return result.Outcome == LinkOutcome.Unlinked
            ? "Unlinked: this chat is on its own now and starts a fresh conversation."
            : "This chat is not linked to any other account.";
    }
}
