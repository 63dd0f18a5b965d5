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

    /// <summary>Wrong guesses at one code before that code is destroyed.</summary>
    [Range(1, 100)]
    public int MaxFailuresPerCode { get; set; } = 5;

    /// <summary>The failure window and the length of a lockout.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromHours(1);
}
