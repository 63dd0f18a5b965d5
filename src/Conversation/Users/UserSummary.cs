using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Routing;

namespace ChatHub.Conversation.Users;

/// <summary>What the admin API shows about a hub user: identities, session size and recency, routes. No message text.</summary>
public sealed record UserSummary(
    string HubUserId,
    IReadOnlyList<PlatformIdentity> Identities,
    int SessionTurns,
    DateTimeOffset? LastTurnAt,
    IReadOnlyList<RouteEntry> Routes);
