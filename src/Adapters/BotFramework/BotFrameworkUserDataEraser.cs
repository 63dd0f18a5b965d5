using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Users;

namespace ChatHub.Adapters.BotFramework;

/// <summary>
/// Erasure for Bot Framework: the service URLs this process remembers for the person's Teams and Bot Framework
/// conversations (the routes name them). The map is per process: other nodes forget theirs when a conversation's next
/// activity overwrites it or the map is cleared at its bound (docs/security.md, "Erasure and retention").
/// </summary>
internal sealed class BotFrameworkUserDataEraser : IUserDataEraser
{
    private readonly BotFrameworkConversations _conversations;

    public BotFrameworkUserDataEraser(BotFrameworkConversations conversations) => _conversations = conversations;

    public ValueTask<int> EraseAsync(
        string hubUserId, IReadOnlyList<PlatformIdentity> identities, IReadOnlyList<RouteEntry> routes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var removed = routes.Count(r => r.Conversation.Channel == ChannelNames.Teams && _conversations.Remove(r.Conversation));
        return ValueTask.FromResult(removed);
    }
}
