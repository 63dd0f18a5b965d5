using System.Collections.Concurrent;
using ChatHub.Adapters.BotFramework.Api;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using Microsoft.Extensions.Logging;

namespace ChatHub.Adapters.BotFramework.Ingress;

/// <summary>
/// Moves a Teams identity stored under the old key, <c>("teams", from.id)</c>, to its channel- and tenant-scoped key
/// (<see cref="BotFrameworkActivityMapper.UserKey"/>) on the person's first Teams message after the upgrade, so they
/// keep their hub user (history, links). Only for <c>msteams</c> activities, which only the Bot Connector (or an app
/// in AllowedCallers) can send: on Direct Line and Web Chat the client picks <c>from.id</c>, so an old key there is
/// not evidence of anything, and those people start afresh (docs/security.md). The old key stays with the hub user,
/// unused (no activity maps to it any more). Each key is checked once per process (bounded memory).
/// </summary>
internal sealed class LegacyTeamsIdentities
{
    private const int MaxRemembered = 100_000;

    private readonly ConcurrentDictionary<string, byte> _checked = new(StringComparer.Ordinal);
    private readonly IIdentityMap _identities;
    private readonly ILogger<LegacyTeamsIdentities> _logger;

    public LegacyTeamsIdentities(IIdentityMap identities, ILogger<LegacyTeamsIdentities> logger)
    {
        _identities = identities;
        _logger = logger;
    }

    public async ValueTask MigrateAsync(InboundMessage message, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(activity);
        var key = message.From.UserId;
        if (!string.Equals(activity.ChannelId, BotFrameworkActivityMapper.TeamsChannelId, StringComparison.OrdinalIgnoreCase)
            || activity.From?.Id is not { Length: > 0 } legacyId || _checked.ContainsKey(key))
        {
            return;
        }

        var current = new PlatformIdentity(ChannelNames.Teams, key);
        if (await _identities.FindAsync(current, cancellationToken) is null
            && await _identities.FindAsync(new PlatformIdentity(ChannelNames.Teams, legacyId), cancellationToken) is { } owner)
        {
            var fresh = await _identities.ResolveAsync(current, cancellationToken);
            await _identities.MergeAsync(fresh, owner, cancellationToken);
            BotFrameworkLog.IdentityMigrated(_logger, owner);
        }

        if (_checked.Count >= MaxRemembered)
        {
            _checked.Clear(); // crude but bounded: a key checked again costs one lookup
        }

        _checked.TryAdd(key, 0);
    }
}
