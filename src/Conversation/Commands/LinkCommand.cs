using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Linking;

namespace ChatHub.Conversation.Commands;

/// <summary><c>/link</c> issues a one-time code; <c>/link CODE</c> on another platform links the two accounts.</summary>
public sealed class LinkCommand : ICommandHandler
{
    private readonly LinkService _links;

    public LinkCommand(LinkService links) => _links = links;

    public string Name => "link";

    public string Description => "link this chat with your account on another platform (send /link here, then /link CODE there)";

    public async ValueTask<CommandResult> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        var identity = new PlatformIdentity(message.Conversation.Channel, message.From.UserId);
        if (context.Arguments.Length == 0)
        {
            var issued = await _links.IssueAsync(context.HubUserId, identity, message.Conversation, cancellationToken);
            return issued.Outcome == LinkOutcome.TooManyCodes
                ? "You have asked for too many link codes. Please wait an hour and try again."
                : $"Your link code is {issued.Code}. Within {(int)_links.CodeTtl.TotalMinutes} minutes, send \"/link {issued.Code}\" to me from your other platform. Don't share it with anyone.";
        }

        var result = await _links.RedeemAsync(context.Arguments, context.HubUserId, identity, cancellationToken);
        return result.Outcome switch
        {
            LinkOutcome.Linked => new CommandResult(
                $"Linked: this chat and your {result.OtherChannel} account are now one. I will remember our conversation on both.",
                [new Notification(result.OtherSide!, $"Linked: your {message.Conversation.Channel} account is now part of this conversation. Send /unlink there to undo it.")]),
            LinkOutcome.AlreadyLinked => "These accounts are already linked.",
            LinkOutcome.OwnCode => "That code is for another platform: send it from your other account, not from this chat.",
            LinkOutcome.AlreadyUsed => "That code was already used. Ask for a new one with /link on your other platform.",
            LinkOutcome.ExpiredOrUnknown => "That code is unknown or has expired. Ask for a new one with /link on your other platform.",
            LinkOutcome.LockedOut => "Too many wrong codes. Linking is locked for this account for a while; please try again later.",
            _ => "That is not a valid link code. It looks like ABCD-EFGH; ask for one with /link on your other platform.",
        };
    }
}
