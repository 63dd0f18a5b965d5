using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Linking;
using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Commands;

/// <summary>
/// <c>/unlink</c> detaches this chat's account from the others (it starts a fresh conversation);
/// <c>/unlink PLATFORM</c> removes the account's other identities on that platform (they start afresh, the history
/// stays here): a linked identity can remove those that joined its account after it.
/// </summary>
public sealed class UnlinkCommand : ICommandHandler
{
    private readonly LinkService _links;

    public UnlinkCommand(LinkService links) => _links = links;

    public string Name => "unlink";

    public string Description => "detach this chat from your linked accounts, or /unlink PLATFORM to remove your account there (see /whoami)";

    public async ValueTask<CommandResult> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var identity = new PlatformIdentity(context.Message.Conversation.Channel, context.Message.From.UserId);
        if (context.Arguments.Length == 0)
        {
            var result = await _links.UnlinkAsync(context.HubUserId, identity, cancellationToken);
            return result.Outcome == LinkOutcome.Unlinked
                ? "Unlinked: this chat is on its own now and starts a fresh conversation."
                : new CommandResult("This chat is not linked to any other account.") { Suggestions = ["/link"] };
        }

        var channel = context.Arguments.Trim().ToLowerInvariant();
        if (channel is "web" or "web chat" or "widget")
        {
            channel = ChannelNames.WebChat;
        }

        var removed = await _links.RemoveAsync(context.HubUserId, identity, channel, cancellationToken);
        if (removed.Outcome == LinkOutcome.JoinedEarlier)
        {
            return $"Your {ChannelNames.Display(channel)} account was linked before this chat joined, so it is not removed from here. "
                + "To leave the linked account, send /unlink on its own.";
        }

        if (removed.Outcome != LinkOutcome.Unlinked)
        {
            return new CommandResult($"No other {ChannelNames.Display(channel)} account is linked to you. Send /whoami to see your linked accounts.")
            {
                Suggestions = ["/whoami"],
            };
        }

        var which = string.Join(", ", removed.Removed!.Select(i => WhoAmICommand.Mask(i.UserId)));
        return $"Removed: your {ChannelNames.Display(channel)} account ({which}) is no longer linked and cannot see our conversation.";
    }
}
