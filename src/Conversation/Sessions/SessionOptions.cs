using System.ComponentModel.DataAnnotations;

namespace ChatHub.Conversation.Sessions;

public sealed class SessionOptions
{
    public const string SectionName = "Sessions";

    /// <summary>Recent turns kept per hub user; older ones are dropped.</summary>
    [Range(2, 1000)]
    public int MaxTurns { get; set; } = 20;

    /// <summary>A session expires this long after its last turn.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromHours(24);
}
