using System.ComponentModel.DataAnnotations;

namespace ChatHub.Conversation.RateLimiting;

public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    public bool Enabled { get; set; } = true;

    /// <summary>Messages one person may send in a burst (across all their linked platforms).</summary>
    [Range(1, 100_000)]
    public int PerUserBurst { get; set; } = 10;

    /// <summary>After a burst, one more message per this interval.</summary>
    public TimeSpan PerUserRefill { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Messages one conversation (e.g. a busy group) may send in a burst.</summary>
    [Range(1, 100_000)]
    public int PerConversationBurst { get; set; } = 30;

    public TimeSpan PerConversationRefill { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Answers (each a call down the engine chain, so model calls included) one client address may get in a burst: web
    /// chat, where a new conversation is a new person with fresh per-person limits. Generous, for people behind one NAT.
    /// </summary>
    [Range(1, 100_000)]
    public int PerClientAddressBurst { get; set; } = 30;

    public TimeSpan PerClientAddressRefill { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The "slow down" notice is sent at most once per this window per person.</summary>
    public TimeSpan NoticeWindow { get; set; } = TimeSpan.FromMinutes(1);
}
