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

    /// <summary>
    /// True: turns that no longer fit <see cref="MaxTurns"/> are folded into a rolling summary by the model, in the
    /// background, and the prompt carries the summary before the recent turns. Without a model they are dropped.
    /// </summary>
    public bool Summarize { get; set; } = true;

    /// <summary>The longest summary, in characters; the model is asked to stay under it, and a longer one is cut.</summary>
    [Range(200, 20_000)]
    public int SummaryMaxCharacters { get; set; } = 2000;

    /// <summary>Folds waiting at once (people whose turns overflowed); beyond it a fold is skipped and those turns dropped.</summary>
    [Range(1, 100_000)]
    public int SummaryQueueCapacity { get; set; } = 1000;
}
