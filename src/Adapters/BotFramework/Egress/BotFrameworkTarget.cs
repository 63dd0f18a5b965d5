using System.Diagnostics.CodeAnalysis;
using ChatHub.Conversation.Messages;

namespace ChatHub.Adapters.BotFramework.Egress;

/// <summary>
/// Where a reply goes: the service URL, the conversation and the activity it answers. Taken from the reply's
/// properties (copied from the inbound activity), or from the conversation's stored entry
/// (<see cref="BotFrameworkConversations"/>) for replies without them (proactive messages, broadcasts, replies that
/// followed the person here).
/// </summary>
internal sealed record BotFrameworkTarget(Uri ServiceUrl, string ConversationId, string? ReplyToId, string? ConversationType)
{
    /// <summary>The conversation's Entra tenant, when the reply carries it (its outbound budget is per tenant).</summary>
    public string? TenantId { get; init; }

    public bool IsChannel => ConversationType == "channel";

    /// <summary>Whether the reply carries its service URL (a reply to a question) rather than needing the stored one.</summary>
    public static bool CarriesServiceUrl(OutboundMessage message) =>
        message?.Properties?.ContainsKey(BotFrameworkProperties.ServiceUrl) == true;

    public static bool TryCreate(OutboundMessage message, BotFrameworkConversations.Entry? stored, [NotNullWhen(true)] out BotFrameworkTarget? target)
    {
        ArgumentNullException.ThrowIfNull(message);
        target = null;
        var properties = message.Properties;
        string? serviceUrl = null;
        string? conversationType = null;
        if (properties is not null && properties.TryGetValue(BotFrameworkProperties.ServiceUrl, out var fromReply))
        {
            serviceUrl = fromReply;
            properties.TryGetValue(BotFrameworkProperties.ConversationType, out conversationType);
        }
        else if (stored is not null)
        {
            serviceUrl = stored.ServiceUrl;
            conversationType = stored.ConversationType;
        }

        if (serviceUrl is null || !Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(message.Conversation.ChatId))
        {
            return false;
        }

        string? replyTo = null;
        properties?.TryGetValue(BotFrameworkProperties.ActivityId, out replyTo);
        string? tenantId = null;
        properties?.TryGetValue(BotFrameworkProperties.TenantId, out tenantId);
        target = new BotFrameworkTarget(uri, message.Conversation.ChatId, replyTo, conversationType) { TenantId = tenantId };
        return true;
    }
}
