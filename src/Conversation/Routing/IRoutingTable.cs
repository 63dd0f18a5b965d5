using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Routing;

/// <summary>
/// Remembers where each hub user was last active, per channel (for proactive and follow-me delivery). A route expires
/// <see cref="Retention.RetentionOptions.IdentityLifetime"/> after its <see cref="RouteEntry.LastActiveAt"/>.
/// </summary>
public interface IRoutingTable
{
    ValueTask RecordAsync(string hubUserId, ConversationRef conversation, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The user's routes, most recently active first.</summary>
    ValueTask<IReadOnlyList<RouteEntry>> GetRoutesAsync(string hubUserId, CancellationToken cancellationToken);

    /// <summary>
    /// A page of the live routes on <paramref name="channel"/>: everyone known there (a broadcast's platform audience).
    /// Start with a null cursor and pass each page's <see cref="RoutePage.NextCursor"/> until it is null. A hub user may
    /// appear in two pages (Redis's SCAN), never be missed if their route was there throughout.
    /// </summary>
    ValueTask<RoutePage> ListChannelAsync(string channel, string? cursor, int limit, CancellationToken cancellationToken);

    /// <summary>Moves routes to another hub user (linking); per channel the more recent route wins.</summary>
    ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken);

    /// <summary>Forgets the hub user's route on one channel (an identity of that channel left the account).</summary>
    ValueTask RemoveChannelAsync(string hubUserId, string channel, CancellationToken cancellationToken);

    /// <summary>Forgets a hub user's routes (unlinking moves an identity away; erasure removes everything).</summary>
    ValueTask RemoveAsync(string hubUserId, CancellationToken cancellationToken);
}
