namespace ChatHub.Conversation.Broadcasts;

/// <summary>How many recipients of a run are in each <see cref="RecipientState"/>.</summary>
public sealed record BroadcastCounts(int Pending, int Queued, int Sent, int Failed, int Skipped, int Cancelled)
{
    public static BroadcastCounts Empty { get; } = new(0, 0, 0, 0, 0, 0);

    public int Total => Pending + Queued + Sent + Failed + Skipped + Cancelled;

    public static BroadcastCounts From(IEnumerable<KeyValuePair<RecipientState, int>> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var c = new int[6];
        foreach (var (state, n) in counts)
        {
            c[(int)state] += n;
        }

        return new(c[0], c[1], c[2], c[3], c[4], c[5]);
    }
}
