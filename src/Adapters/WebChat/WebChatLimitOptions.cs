namespace ChatHub.Adapters.WebChat;

/// <summary>
/// <c>Channels:WebChat:Limits</c>. A web-chat visitor is anonymous and a new conversation is a new person (with fresh
/// per-person limits), so new conversations and messages are limited per connection and per client address (the
/// forwarded address when <c>ForwardedHeaders</c> is configured; else the connection's). Per-address limits are
/// generous: many people may share one address (an office, a carrier's NAT). Per address they are cluster-wide on Redis.
/// </summary>
public sealed class WebChatLimitOptions
{
    /// <summary>New conversations (a Join without a valid token, or a Send before any Join) one connection may start.</summary>
    public int NewConversationsPerConnection { get; set; } = 3;

    /// <summary>New conversations one address may start in a burst, then one per <see cref="NewConversationsPerAddressRefill"/>.</summary>
    public int NewConversationsPerAddressBurst { get; set; } = 20;

    public TimeSpan NewConversationsPerAddressRefill { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Messages one connection may send in a burst, then one per <see cref="MessagesPerConnectionRefill"/>.</summary>
    public int MessagesPerConnectionBurst { get; set; } = 10;

    public TimeSpan MessagesPerConnectionRefill { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages one address may send in a burst, then one per <see cref="MessagesPerAddressRefill"/>.</summary>
    public int MessagesPerAddressBurst { get; set; } = 60;

    public TimeSpan MessagesPerAddressRefill { get; set; } = TimeSpan.FromMilliseconds(250);

    internal IEnumerable<string> Problems()
    {
        if (NewConversationsPerConnection < 1 || NewConversationsPerAddressBurst < 1 || MessagesPerConnectionBurst < 1 || MessagesPerAddressBurst < 1)
        {
            yield return "Channels:WebChat:Limits: every count must be at least 1.";
        }

        if (NewConversationsPerAddressRefill <= TimeSpan.Zero || MessagesPerConnectionRefill <= TimeSpan.Zero || MessagesPerAddressRefill <= TimeSpan.Zero)
        {
            yield return "Channels:WebChat:Limits: every refill interval must be positive.";
        }
    }
}
