namespace ChatHub.Conversation.Handoff;

/// <summary>
/// The operators' chat (<c>Handoff:Operator</c>): a Telegram group, a Discord channel, a Teams channel, or the admin
/// API (<see cref="AdminChannel"/>).
/// </summary>
public sealed class HandoffOperatorOptions
{
    /// <summary>The operators answer through the admin API (<c>/admin/handoffs</c>) rather than in a chat.</summary>
    public const string AdminChannel = "admin";

    /// <summary><c>telegram</c>, <c>discord</c>, <c>teams</c> or <c>admin</c>.</summary>
    public string? Channel { get; set; }

    /// <summary>That platform's chat or channel id (none with <c>admin</c>).</summary>
    public string? ChatId { get; set; }

    /// <summary>The bot's id on that platform, where its sender needs it: on Teams the app id.</summary>
    public string BotId { get; set; } = "operators";

    /// <summary>An optional thread or forum topic inside the chat.</summary>
    public string? ThreadId { get; set; }

    /// <summary>
    /// Teams only: the connector's service URL of the operators' channel (from an activity there, e.g.
    /// <c>https://smba.trafficmanager.net/emea/</c>; under <c>Channels:Teams:AllowedServiceUrls</c>), so every node
    /// can send the notices, also one that has not seen an activity from that channel since it started.
    /// </summary>
    public string? ServiceUrl { get; set; }

    /// <summary>True when the operators use the admin API.</summary>
    public bool IsAdminApi => string.Equals(Channel, AdminChannel, StringComparison.Ordinal);
}
