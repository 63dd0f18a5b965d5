namespace ChatHub.Conversation.Routing;

/// <summary>One page of the routes on a channel (<see cref="IRoutingTable.ListChannelAsync"/>).</summary>
/// <param name="Routes">The hub users and their route on the channel.</param>
/// <param name="NextCursor">Where the next page starts; null when this was the last page.</param>
public sealed record RoutePage(IReadOnlyList<(string HubUserId, RouteEntry Route)> Routes, string? NextCursor);
