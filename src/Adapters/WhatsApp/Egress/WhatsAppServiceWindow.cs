using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Routing;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.WhatsApp.Egress;

/// <summary>
/// WhatsApp's customer-service window: free-form messages may be sent for 24 hours after the person's last message.
/// The last message's time is the hub's route of the person on this channel (<see cref="IRoutingTable"/>, recorded
/// by the worker for every message, in the configured store, so it is shared by every node and survives restarts);
/// a reply also carries when its question was accepted. The window is open when either is within
/// <see cref="WhatsAppOptions.ServiceWindow"/>.
/// </summary>
internal sealed class WhatsAppServiceWindow
{
    private readonly IIdentityMap _identities;
    private readonly IRoutingTable _routes;
    private readonly WhatsAppOptions _options;
    private readonly TimeProvider _time;

    public WhatsAppServiceWindow(IIdentityMap identities, IRoutingTable routes, IOptions<WhatsAppOptions> options, TimeProvider time)
    {
        _identities = identities;
        _routes = routes;
        _options = options.Value;
        _time = time;
    }

    public async ValueTask<bool> IsOpenAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (message.InboundAcceptedAt is { } accepted && now - accepted < _options.ServiceWindow)
        {
            return true;
        }

        var conversation = message.Conversation;
        if (await _identities.FindAsync(new PlatformIdentity(conversation.Channel, conversation.ChatId), cancellationToken) is not { } hubUserId)
        {
            return false; // the person never wrote (or was erased)
        }

        var routes = await _routes.GetRoutesAsync(hubUserId, cancellationToken);
        return routes.Any(r => r.Conversation == conversation && now - r.LastActiveAt < _options.ServiceWindow);
    }
}
