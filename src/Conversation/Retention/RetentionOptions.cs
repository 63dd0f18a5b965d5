using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Retention;

/// <summary>
/// How long the hub keeps what it learns about people when they stop using it (<c>Retention</c>): an identity and the
/// routes to its conversations are forgotten after a period without a message; audit entries and memories after a fixed period.
/// Every store (in memory, SQLite, Redis) applies the same rules.
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>A platform identity (and its routes) not seen for this long is forgotten; its next message starts a new person.</summary>
    public TimeSpan Identities { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// The same for the web widget's anonymous identities (one per conversation): after this long without a message its
    /// token has expired too (<c>Channels:WebChat:TokenLifetime</c>), so nobody could use it again.
    /// </summary>
    public TimeSpan WebChatIdentities { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Audit entries (links, unlinks, erasures, admin calls) are kept this long after they were written.</summary>
    public TimeSpan Audit { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// What a person asked the hub to remember (<c>Memory</c>) is kept this long after it was saved; their "use in group
    /// chats" setting this long after it was set.
    /// </summary>
    public TimeSpan Memories { get; set; } = TimeSpan.FromDays(180);

    /// <summary>How long an identity or route of <paramref name="channel"/> lives after its last message.</summary>
    public TimeSpan IdentityLifetime(string channel) => channel == ChannelNames.WebChat ? WebChatIdentities : Identities;

    /// <summary>
    /// A store writes a seen identity's new expiry only when the stored one is older than this (so that a person's every
    /// message is not a write): a tenth of the lifetime, at most a day.
    /// </summary>
    public static TimeSpan TouchSlack(TimeSpan lifetime) => lifetime / 10 < TimeSpan.FromDays(1) ? lifetime / 10 : TimeSpan.FromDays(1);
}
