using System.Diagnostics;
using ChatHub.LoadGen.Workload;

namespace ChatHub.LoadGen.Load;

/// <summary>
/// Everything measured about the messages of one step (one mode, one offered rate), indexed by the message's
/// position in the open-loop schedule. Times are <see cref="Stopwatch"/> timestamps; 0 means "not yet". A message's
/// id (Telegram update_id and message_id, web-chat clientMessageId) is <see cref="BaseId"/> + its index, which is
/// how a reply seen by the fake Bot API finds its message without a dictionary.
/// </summary>
internal sealed class StepRecorder
{
    public const short StatusShed = -2;
    public const short StatusException = -1;

    private int _outstanding;

    public StepRecorder(long baseId, int capacity, long start, long warmupEnd, long measureEnd)
    {
        BaseId = baseId;
        Capacity = capacity;
        Start = start;
        WarmupEnd = warmupEnd;
        MeasureEnd = measureEnd;
        Intended = new long[capacity];
        Acked = new long[capacity];
        Replied = new long[capacity];
        Status = new short[capacity];
        Kinds = new MessageKind[capacity];
        Conversations = new Conversation?[capacity];
        Resolved = new int[capacity];
    }

    public long BaseId { get; }

    public int Capacity { get; }

    /// <summary>The schedule's time zero, the end of the warm-up and the end of the measured window.</summary>
    public long Start { get; }

    public long WarmupEnd { get; }

    public long MeasureEnd { get; }

    public long[] Intended { get; }

    public long[] Acked { get; }

    public long[] Replied { get; }

    public short[] Status { get; }

    public MessageKind[] Kinds { get; }

    public Conversation?[] Conversations { get; }

    /// <summary>1 once the message needs nothing more (replied, failed, or shed).</summary>
    public int[] Resolved { get; }

    /// <summary>How many messages of the schedule were issued so far.</summary>
    public int Issued;

    public int DuplicateReplies;

    public int FallbackReplies;

    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>Called for every first reply (used to continue a conversation).</summary>
    public Action<int>? OnFirstReply { get; set; }

    public void MarkIssued() => Interlocked.Increment(ref _outstanding);

    public void Resolve(int index)
    {
        if (Interlocked.Exchange(ref Resolved[index], 1) == 0)
        {
            Interlocked.Decrement(ref _outstanding);
        }
    }

    /// <summary>A reply arrived (at the fake Bot API, or as a SignalR Reply) for message <paramref name="id"/>.</summary>
    public bool TryRecordReply(long id, long now, bool fallback)
    {
        var index = id - BaseId;
        if (index < 0 || index >= Volatile.Read(ref Issued))
        {
            return false; // another step's (late) reply
        }

        var i = (int)index;
        if (Interlocked.CompareExchange(ref Replied[i], now, 0) != 0)
        {
            Interlocked.Increment(ref DuplicateReplies);
            return true;
        }

        if (fallback)
        {
            Interlocked.Increment(ref FallbackReplies);
        }

        Resolve(i);
        OnFirstReply?.Invoke(i);
        return true;
    }

    public bool Owns(long id) => id >= BaseId && id < BaseId + Capacity;
}
