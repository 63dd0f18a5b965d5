namespace ChatHub.Adapters.BotFramework.Api;

/// <summary>The conversation; Teams adds <c>conversationType</c> (personal, groupChat, channel) and <c>tenantId</c>.</summary>
internal sealed class ConversationAccount
{
    public string? Id { get; set; }

    public bool? IsGroup { get; set; }

    public string? ConversationType { get; set; }

    public string? TenantId { get; set; }

    public string? Name { get; set; }
}
