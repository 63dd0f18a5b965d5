using System.ComponentModel.DataAnnotations;

namespace ChatHub.Conversation.Linking;

public sealed class LinkOptions
{
    public const string SectionName = "Linking";

    /// <summary>How long a /link code stays valid.</summary>
    public TimeSpan CodeTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Codes one identity may ask for per hour.</summary>
    [Range(1, 1000)]
    public int MaxCodesPerHour { get; set; } = 5;

    /// <summary>Wrong codes an identity may send within <see cref="LockoutDuration"/> before linking locks for it.</summary>
    [Range(1, 1000)]
    public int MaxFailuresPerIdentity { get; set; } = 10;

    /// <summary>
    /// Wrong codes one client address may send within <see cref="LockoutDuration"/> (web chat, where identities are
    /// free: a new conversation is a new identity) before linking locks for every identity at that address.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxFailuresPerClient { get; set; } = 20;

    /// <summary>The failure window and the length of a lockout.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromHours(1);
}
