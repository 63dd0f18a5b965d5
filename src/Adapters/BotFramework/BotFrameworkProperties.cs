namespace ChatHub.Adapters.BotFramework;

/// <summary>
/// Keys of the values the Bot Framework ingress puts in <c>InboundMessage.Properties</c> for egress (copied to the
/// replies): small, never secret, never message text.
/// </summary>
public static class BotFrameworkProperties
{
    /// <summary>The activity's <c>serviceUrl</c>: the base URL replies are posted to.</summary>
    public const string ServiceUrl = "teams.service_url";

    /// <summary>The inbound activity's id: replies are posted to <c>…/activities/{id}</c>.</summary>
    public const string ActivityId = "teams.activity_id";

    /// <summary>The Bot Framework channel: <c>msteams</c>, <c>webchat</c>, <c>directline</c>, …</summary>
    public const string ChannelId = "teams.channel_id";

    /// <summary>Teams' conversation type: <c>personal</c>, <c>groupChat</c> or <c>channel</c> (absent elsewhere).</summary>
    public const string ConversationType = "teams.conversation_type";

    /// <summary>The Entra tenant of the conversation (Teams).</summary>
    public const string TenantId = "teams.tenant_id";
}
