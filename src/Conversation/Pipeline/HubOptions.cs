using System.ComponentModel.DataAnnotations;

namespace ChatHub.Conversation.Pipeline;

public sealed class HubOptions
{
    public const string SectionName = "Hub";

    /// <summary><c>all</c> (default) or a comma-separated list of <c>ingress</c>, <c>worker</c>, <c>egress</c>.</summary>
    public string Roles { get; set; } = "all";

    /// <summary>Longest accepted message, in UTF-16 code units; longer ones get a clear error reply.</summary>
    [Range(1, 1_000_000)]
    public int MaxMessageLength { get; set; } = 4000;

    /// <summary>How long a platform message id is remembered for de-duplication (Telegram keeps updates 24 h).</summary>
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Longest time a reply may take before the person gets a polite "could not answer" reply.</summary>
    public TimeSpan ReplyTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a worker (per inbound id) or an egress node (per final reply id) holds its lease while it works. A
    /// redelivered message that finds another node's live lease waits for it; one whose lease holder died is taken
    /// over when the lease expires. Longer than <see cref="ReplyTimeout"/> plus publishing; shorter means faster
    /// recovery after a crash, at the price of a second run of a merely slow message (its reply is still sent once).
    /// </summary>
    public TimeSpan ProcessingLease { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Deliver a reply on the platform where its person is active now (a linked account) when they moved while it
    /// was produced. Off by default: replies go where the question was asked.
    /// </summary>
    public bool FollowMe { get; set; }

    /// <summary>
    /// Benchmark baseline only: ingress waits until the reply has been sent before acknowledging the platform (the
    /// way a bot that works inside its webhook request behaves). Needs all roles in one process. Never in production.
    /// </summary>
    public bool SynchronousIngress { get; set; }

    /// <summary>
    /// A typing indicator is published only when the reply's first words have not come within this time, so a fast
    /// answer (cache, knowledge base) goes out as one platform call. Zero: typing before every reply.
    /// </summary>
    public TimeSpan TypingDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Partial (streamed) replies are published at most this often per conversation.</summary>
    public TimeSpan PartialReplyInterval { get; set; } = TimeSpan.FromMilliseconds(150);
}
