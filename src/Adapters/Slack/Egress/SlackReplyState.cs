namespace ChatHub.Adapters.Slack.Egress;

/// <summary>
/// What the channel shows of one reply: the Slack messages (<c>ts</c>) of its parts and their current text. A streamed
/// reply is edited in place; a final reply retried after a transient failure continues where it stopped; a final
/// reply delivered twice (bus redelivery) is sent once. Touched by one conversation's egress at a time.
/// </summary>
internal sealed class SlackReplyState
{
    public List<SentPart> Parts { get; } = [];

    public bool Completed { get; set; }

    /// <summary>Timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the last progressive post or edit.</summary>
    public long LastShownAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    internal sealed class SentPart(string ts, string text)
    {
        public string Ts { get; } = ts;

        public string Text { get; set; } = text;
    }
}
