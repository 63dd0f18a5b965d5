using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Linking;
using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Commands;

/// <summary>
/// <c>/link</c> issues a one-time code; <c>/link CODE</c> on another platform links the two accounts. Both only in a
/// one-to-one chat with the bot: in a group everyone would read the code (and could redeem it first), and a code
/// redeemed there would tie the group's sender to the account. On a link, the issuing side is told who joined and how
/// to undo it.
/// </summary>
public sealed class LinkCommand : ICommandHandler
{
    private readonly LinkService _links;

    public LinkCommand(LinkService links) => _links = links;

    public string Name => "link";

    public string Description => "link this chat with your account on another platform (send /link here, then /link CODE there; one-to-one chats only)";

    public async ValueTask<CommandResult> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        if (!message.IsDirect)
        {
            return "Linking works only in a one-to-one chat with me: here everyone in the chat would see your code. " +
                "Send /link to me in a private chat instead.";
        }

        var identity = new PlatformIdentity(message.Conversation.Channel, message.From.UserId);
        if (context.Arguments.Length == 0)
        {
            var issued = await _links.IssueAsync(context.HubUserId, identity, message.Conversation, cancellationToken);
            return issued.Outcome switch
            {
                LinkOutcome.TooManyCodes => "You have asked for too many link codes. Please wait an hour and try again.",
                LinkOutcome.Unavailable => "I could not make a link code just now. Please try again in a minute.",
                _ => $"Your link code is {issued.Code}. Within {(int)_links.CodeTtl.TotalMinutes} minutes, send \"/link {issued.Code}\" to me " +
                    "in a one-to-one chat on your other platform. Don't share it with anyone: whoever sends it is linked to you. " +
                    "A new /link replaces this code.",
            };
        }

        var result = await _links.RedeemAsync(context.Arguments, context.HubUserId, identity, message.ClientAddress, cancellationToken);
        return result.Outcome switch
        {
            LinkOutcome.Linked => new CommandResult(
                $"Linked: this chat and your {ChannelNames.Display(result.Issuer!.Channel)} account are now one. I will remember our conversation on both.",
                [new Notification(result.OtherSide!, Joined(message)) { Suggestions = [$"/unlink {message.Conversation.Channel}"] }])
            {
                Suggestions = ["/whoami"],
            },
            LinkOutcome.AlreadyLinked => "These accounts are already linked.",
            LinkOutcome.OwnCode => "That code is for another platform: send it from your other account, not from this chat.",
            LinkOutcome.LockedOut => "Too many wrong codes. Linking is locked for a while; please try again later.",
            LinkOutcome.Malformed => "That is not a link code. It looks like ABCD-EFGH; ask for one with /link on your other platform.",
            _ => "That code is not valid. Codes work once and for a few minutes; ask for a new one with /link on your other platform.",
        };
    }

    /// <summary>What the issuing side is told: who redeemed its code, and how to undo it from there.</summary>
    private static string Joined(InboundMessage message)
    {
        var channel = message.Conversation.Channel;
        var name = WhoAmICommand.DisplayName(message.From.DisplayName);
        var who = name is null ? WhoAmICommand.Mask(message.From.UserId) : $"\"{name}\" ({WhoAmICommand.Mask(message.From.UserId)})";
        return $"Your link code was used: this account is now linked with {ChannelNames.Display(channel)} user {who}, who shares our " +
            $"conversation from now on. If that was not you, send /unlink {channel} here to undo it.";
    }
}
