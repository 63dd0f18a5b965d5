using System.Text;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Commands;

/// <summary><c>/whoami</c> lists the identities linked to this person, this chat's marked, and how to remove one.</summary>
public sealed class WhoAmICommand : ICommandHandler
{
    private const int MaxNameLength = 64;

    private readonly IIdentityMap _identities;

    public WhoAmICommand(IIdentityMap identities) => _identities = identities;

    public string Name => "whoami";

    public string Description => "show which platforms are linked to you";

    public async ValueTask<CommandResult> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var identities = await _identities.GetIdentitiesAsync(context.HubUserId, cancellationToken);
        var self = new PlatformIdentity(context.Message.Conversation.Channel, context.Message.From.UserId);
        var text = new StringBuilder(identities.Count > 1 ? "Your linked accounts:" : "Only this account (link another with /link):");
        foreach (var identity in identities.OrderBy(i => i.Channel, StringComparer.Ordinal).ThenBy(i => i.UserId, StringComparer.Ordinal))
        {
            text.Append("\n- ").Append(identity.Channel).Append(" (").Append(Mask(identity.UserId)).Append(')');
            if (identity == self)
            {
                text.Append(" - this chat");
            }
        }

        if (identities.Count > 1)
        {
            text.Append("\nSend /unlink PLATFORM (e.g. /unlink ").Append(identities.First(i => i != self).Channel)
                .Append(") to remove an account, or /unlink to detach this chat.");
        }

        // The next steps as suggested replies: link one more account, or remove one of the others (platforms, not ids).
        IReadOnlyList<string> next = identities.Count > 1
            ? [.. identities.Where(i => i != self).Select(i => $"/unlink {i.Channel}").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]
            : ["/link"];
        return new CommandResult(text.ToString()) { Suggestions = next };
    }

    /// <summary>Shows enough of an id to recognise it, not enough to copy it.</summary>
    internal static string Mask(string id) => id.Length <= 4 ? "****" : "…" + id[^4..];

    /// <summary>A platform display name fit to quote in a reply: control characters dropped, at most 64 characters; null when none is left.</summary>
    internal static string? DisplayName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var clean = new StringBuilder(Math.Min(name.Length, MaxNameLength));
        foreach (var c in TextSanitizer.Clean(name))
        {
            if (clean.Length == MaxNameLength)
            {
                break;
            }

            clean.Append(char.IsControl(c) || c == '"' ? ' ' : c);
        }

        if (clean.Length > 0 && char.IsHighSurrogate(clean[^1]))
        {
            clean.Length--; // cut between the halves of a pair
        }

        var result = clean.ToString().Trim();
        return result.Length == 0 ? null : result;
    }
}
