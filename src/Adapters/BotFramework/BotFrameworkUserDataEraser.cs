using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Users;

namespace ChatHub.Adapters.BotFramework;

/// <summary>
/// Erasure for Bot Framework: the stored service URLs of the person's Teams and Bot Framework conversations (the routes
/// name them), in the shared store, so on every node (docs/security.md, "Erasure and retention").
/// </summary>
internal sealed class BotFrameworkUserDataEraser : IUserDataEraser
{
    private readonly BotFrameworkConversations _conversations;

    public BotFrameworkUserDataEraser(BotFrameworkConversations conversations) => _conversations = conversations;

    public async ValueTask<int> EraseAsync(
        string hubUserId, IReadOnlyList<PlatformIdentity> identities, IReadOnlyList<RouteEntry> routes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var removed = 0;
        foreach (var route in routes.Where(r => r.Conversation.Channel == ChannelNames.Teams))
        {
            removed += await _conversations.RemoveAsync(route.Conversation, cancellationToken) ? 1 : 0;
        }

        return removed;
    }
}
