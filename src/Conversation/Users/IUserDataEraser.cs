using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Routing;

namespace ChatHub.Conversation.Users;

/// <summary>
/// A plug-in that erases what one component keeps about a hub user (e.g. the web-chat transcripts of their
/// conversations). Register with <c>TryAddEnumerable</c>; erasure calls every one.
/// </summary>
public interface IUserDataEraser
{
    /// <summary>Erases the user's data; returns how many items were removed (for the erasure report).</summary>
    ValueTask<int> EraseAsync(string hubUserId, IReadOnlyList<PlatformIdentity> identities, IReadOnlyList<RouteEntry> routes, CancellationToken cancellationToken);
}
