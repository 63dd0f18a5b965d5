using ChatHub.Conversation.Users;

namespace ChatHub.Hub.Admin;

public sealed record IdentityResponse(string Channel, string UserId);

public sealed record RouteResponse(string Channel, string Conversation, DateTimeOffset LastActiveAt);

public sealed record SessionResponse(int Turns, DateTimeOffset? LastTurnAt);

/// <summary>A hub user as the admin API shows it: no message text.</summary>
public sealed record UserResponse(string HubUserId, IReadOnlyList<IdentityResponse> Identities, SessionResponse Session, IReadOnlyList<RouteResponse> Routes)
{
    public static UserResponse From(UserSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new(
            summary.HubUserId,
            [.. summary.Identities.Select(i => new IdentityResponse(i.Channel, i.UserId))],
            new SessionResponse(summary.SessionTurns, summary.LastTurnAt),
            [.. summary.Routes.Select(r => new RouteResponse(r.Conversation.Channel, r.Conversation.Key, r.LastActiveAt))]);
    }
}

public sealed record ProactiveMessageResponse(string DeliveredTo);
