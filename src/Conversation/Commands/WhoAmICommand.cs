using System.Text;
using ChatHub.Conversation.Identity;

namespace ChatHub.Conversation.Commands;

/// <summary><c>/whoami</c> lists the platforms linked to this person.</summary>
public sealed class WhoAmICommand : ICommandHandler
{
    private readonly IIdentityMap _identities;

    public WhoAmICommand(IIdentityMap identities) => _identities = identities;

    public string Name => "whoami";

    public string Description => "show which platforms are linked to you";

    public async ValueTask<CommandResult> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var identities = await _identities.GetIdentitiesAsync(context.HubUserId, cancellationToken);
        var text = new StringBuilder(identities.Count > 1 ? "Your linked accounts:" : "Only this account (link another with /link):");
        foreach (var identity in identities.OrderBy(i => i.Channel, StringComparer.Ordinal))
        {
            text.Append("\n- ").Append(identity.Channel).Append(" (").Append(Mask(identity.UserId)).Append(')');
        }

        return text.ToString();
    }

    /// <summary>Shows enough of an id to recognise it, not enough to copy it.</summary>
    private static string Mask(string id) => id.Length <= 4 ? "****" : "…" + id[^4..];
}
